using System.Text.Json.Nodes;
using Lifeboat.Repository.Archiver;

namespace Lifeboat.Sources;

/// <summary>What a source contributes to a snapshot.</summary>
public sealed class SourceCapture
{
    /// <summary>Items placed under the source's snapshot path.</summary>
    public List<BackupItem> Items { get; } = [];

    /// <summary>
    /// How to restore this part, recorded in the snapshot's lifeboat.json: at least "kind", plus the
    /// options restore needs ("format", "database", "owner", "encoding", "file", ...), tool and server
    /// versions. No secrets.
    /// </summary>
    public JsonObject Description { get; } = [];

    /// <summary>Called after the snapshot is written or the backup failed (remove temporary copies).</summary>
    public Func<Task>? CleanupAsync { get; init; }
}
