namespace Lifeboat.Orchestration.Backup;

/// <summary>Options of one service backup run.</summary>
public sealed record ServiceBackupOptions
{
    /// <summary>Extra tags (e.g. "pre-migration", or "pre-restore" for safety snapshots).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Capture and count, but store nothing.</summary>
    public bool DryRun { get; init; }
}
