using System.Text.Json.Nodes;
using Lifeboat.Manifest;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Sources;

namespace Lifeboat.Orchestration.Restore;

/// <summary>What a restore will do: which snapshot, which sources, where each goes.</summary>
public sealed class RestorePlan(ServiceConfig service, Snapshot snapshot, SnapshotReader reader, JsonObject description)
{
    public ServiceConfig Service { get; } = service;

    public Snapshot Snapshot { get; } = snapshot;

    public SnapshotReader Reader { get; } = reader;

    /// <summary>The snapshot's lifeboat.json.</summary>
    public JsonObject Description { get; } = description;

    public List<PlannedSource> Sources { get; } = [];

    /// <summary>True when live data will be replaced (confirmation and a safety snapshot first).</summary>
    public bool InPlace { get; set; }

    /// <summary>
    /// The sources loaded beside the live data while the safety snapshot is taken, and swapped in after
    /// the stop (empty without a safety snapshot); the others are restored after the stop.
    /// </summary>
    public HashSet<string> LoadedAhead { get; } = new(StringComparer.Ordinal);
}

/// <summary>One source of a restore plan.</summary>
public sealed record PlannedSource(string Name, SourceConfig Config, JsonObject Description, RestoreTarget Target);
