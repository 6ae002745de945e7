using System.Text.Json.Nodes;
using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Sources;

/// <summary>Everything a source needs to restore its part of a snapshot.</summary>
/// <param name="Snapshot">Reads the snapshot.</param>
/// <param name="SnapshotPath">The source's directory in the snapshot: "service/source".</param>
/// <param name="Description">The source's entry of the snapshot's lifeboat.json (how it was captured).</param>
/// <param name="Target">Where to restore it.</param>
public sealed record SourceRestoreContext(SnapshotReader Snapshot, string SnapshotPath, JsonObject Description, RestoreTarget Target)
{
    /// <summary>
    /// A private directory for temporary files. It must live until the returned <see cref="ISourceRestore"/>
    /// is disposed (a command source keeps the state it replaced there for a rollback); remove it after that.
    /// </summary>
    public required string ScratchDirectory { get; init; }

    /// <summary>Lines for the operator ("dropping database redmine", ...).</summary>
    public Action<string>? Log { get; init; }
}
