namespace Lifeboat.Orchestration.Restore;

/// <summary>What the operator asked for.</summary>
public sealed record RestoreRequest
{
    /// <summary>"latest", an id or prefix, or a yyyyMMdd_HHmm time label.</summary>
    public string Snapshot { get; init; } = "latest";

    /// <summary>Only these sources (default: every source in the snapshot).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>A database name or server URL to restore a database source into instead of in place.</summary>
    public string? Into { get; init; }

    public bool NoSafetySnapshot { get; init; }
}
