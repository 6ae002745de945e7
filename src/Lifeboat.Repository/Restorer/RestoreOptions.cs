using Lifeboat.Repository.Filtering;

namespace Lifeboat.Repository.Restorer;

/// <summary>What to restore and where.</summary>
public sealed record RestoreOptions
{
    /// <summary>The directory under which the snapshot's paths are recreated.</summary>
    public required string Target { get; init; }

    /// <summary>Only paths matching these (and the directories leading to them) are restored.</summary>
    public PatternList? Include { get; init; }

    /// <summary>Paths matching these (and everything below them) are not restored.</summary>
    public PatternList? Exclude { get; init; }

    /// <summary>Restore owner and group (only possible as root; defaults to whether we are root).</summary>
    public bool RestoreOwnership { get; init; } = Platform.Posix.EffectiveUserId == 0;

    /// <summary>How many packs are read and decoded at once.</summary>
    public int Parallelism { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Called from worker threads as files complete (cheap; do not block).</summary>
    public IProgress<RestoreProgress>? Progress { get; init; }
}
