using Lifeboat.Orchestration.Evidence;

namespace Lifeboat.Orchestration.Status;

/// <summary>Whether a declared target holds.</summary>
public enum TargetState
{
    /// <summary>No target declared (or nothing to judge).</summary>
    None,
    Met,
    Missed,
}

/// <summary>One service's row of <c>lifeboat status</c>.</summary>
public sealed class ServiceStatus
{
    public required string Service { get; init; }

    /// <summary>Type and location, without credentials.</summary>
    public required string Repository { get; init; }

    public required string Retention { get; init; }

    public TimeSpan? Rpo { get; init; }

    public TimeSpan? Rto { get; init; }

    public string? LatestSnapshot { get; set; }

    public DateTimeOffset? LatestTime { get; set; }

    public string? LatestLabel { get; set; }

    public TimeSpan? Age { get; set; }

    public long? LatestSize { get; set; }

    public int SnapshotCount { get; set; }

    public TargetState RpoState { get; set; }

    public EvidenceRecord? LastBackup { get; set; }

    public EvidenceRecord? LastCheck { get; set; }

    public TargetState CheckState { get; set; }

    public EvidenceRecord? LastDrill { get; set; }

    public TimeSpan? RestoreTime { get; set; }

    public TargetState RtoState { get; set; }

    /// <summary>Each missed target or failure, in words.</summary>
    public List<string> Problems { get; } = [];

    public bool TargetsHold => RpoState != TargetState.Missed && RtoState != TargetState.Missed && CheckState != TargetState.Missed;
}
