using Lifeboat.Repository;
using Lifeboat.Sources;

namespace Lifeboat.Orchestration.Restore;

/// <summary>How a service's restore went.</summary>
public sealed class ServiceRestoreResult(string service, Id snapshot)
{
    public string Service { get; } = service;

    public Id Snapshot { get; } = snapshot;

    public Id? SafetySnapshot { get; set; }

    public bool Skipped { get; set; }

    public bool RolledBack { get; set; }

    public TimeSpan Duration { get; set; }

    /// <summary>Where each restored source is now.</summary>
    public Dictionary<string, RestoredLocation> Locations { get; } = [];
}
