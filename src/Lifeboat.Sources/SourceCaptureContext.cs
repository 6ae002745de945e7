namespace Lifeboat.Sources;

/// <summary>Where a source's data goes in the snapshot, and the services a capture may use.</summary>
/// <param name="SnapshotPath">The source's directory in the snapshot: [service, source].</param>
/// <param name="ScratchDirectory">A private directory for temporary files, removed after the backup.</param>
public sealed record SourceCaptureContext(IReadOnlyList<string> SnapshotPath, string ScratchDirectory)
{
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
