using System.Text.Json.Serialization;

namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// Why a snapshot is kept: restic's match texts in restic's order ("has tags [a]", "within 1y",
/// "last snapshot", "hourly snapshot" ... "yearly snapshot", "hourly within 2d" ... "yearly within 5y",
/// or "policy is empty") and the counters left after it. Serialises as restic's "reasons" entries
/// (the snapshot without its id).
/// </summary>
public sealed record KeepReason(
    [property: JsonPropertyName("snapshot")] Snapshot Snapshot,
    [property: JsonPropertyName("matches")] IReadOnlyList<string> Matches,
    [property: JsonPropertyName("counters")] KeepCounters Counters);
