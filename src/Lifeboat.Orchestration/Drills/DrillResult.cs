using Lifeboat.Repository;

namespace Lifeboat.Orchestration.Drills;

/// <summary>What a drill proved: which snapshot, how long the restore took, which checks passed.</summary>
public sealed class DrillResult(string service, Id snapshot, string snapshotLabel)
{
    public string Service { get; } = service;

    public Id Snapshot { get; } = snapshot;

    public string SnapshotLabel { get; } = snapshotLabel;

    public TimeSpan RestoreDuration { get; set; }

    public TimeSpan Duration { get; set; }

    public List<CheckOutcome> Checks { get; } = [];

    /// <summary>Why the drill could not complete (restore failure); null when it ran.</summary>
    public string? Error { get; set; }

    /// <summary>Where the scratch copy was kept (--keep), else null.</summary>
    public string? KeptAt { get; set; }

    /// <summary>Per source, the scratch database or path.</summary>
    public Dictionary<string, string> Locations { get; } = [];

    public bool Passed => Error is null && Checks.All(c => c.Passed);
}
