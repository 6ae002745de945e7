using System.Text.Json.Nodes;
using Lifeboat.Repository.Archiver;
using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Sources.Tests.Conformance;

/// <summary>A source's capture written as a real snapshot, read back: what a restore gets.</summary>
/// <param name="Path">The source's directory in the snapshot ("svc/db").</param>
/// <param name="Description">The capture's description after a trip through JSON text, as lifeboat.json would give it back.</param>
public sealed record CapturedSnapshot(SnapshotReader Reader, string Path, JsonObject Description, BackupSummary Summary);
