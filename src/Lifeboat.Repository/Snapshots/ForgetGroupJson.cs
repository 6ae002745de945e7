using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// One group of <c>restic forget --json</c> output: the group's tags, host and paths (null or "" when
/// not grouped by them), the kept and removed snapshots with ids (null when none) and the reasons
/// parallel to the kept ones. The output is a JSON array of these; restic prints nothing at all for an
/// empty policy.
/// </summary>
public sealed class ForgetGroupJson
{
    [JsonPropertyName("tags")]
    public IReadOnlyList<string>? Tags { get; init; }

    [JsonPropertyName("host")]
    public string Host { get; init; } = "";

    [JsonPropertyName("paths")]
    public IReadOnlyList<string>? Paths { get; init; }

    [JsonPropertyName("keep")]
    [JsonConverter(typeof(SnapshotJson.ListConverter))]
    public IReadOnlyList<Snapshot>? Keep { get; init; }

    [JsonPropertyName("remove")]
    [JsonConverter(typeof(SnapshotJson.ListConverter))]
    public IReadOnlyList<Snapshot>? Remove { get; init; }

    [JsonPropertyName("reasons")]
    public IReadOnlyList<KeepReason>? Reasons { get; init; }

    /// <summary>
    /// The JSON model of one applied group. Snapshots are written as restic leaves them after grouping:
    /// paths sorted, and tags sorted when grouping by tags (the snapshots given are not changed).
    /// </summary>
    public static ForgetGroupJson From(ForgetGroupResult group, SnapshotGroupBy groupBy)
    {
        ArgumentNullException.ThrowIfNull(group);
        var sortTags = groupBy.HasFlag(SnapshotGroupBy.Tags);
        var copies = new Dictionary<Snapshot, Snapshot>(ReferenceEqualityComparer.Instance);
        Snapshot Copy(Snapshot s)
        {
            if (!copies.TryGetValue(s, out var copy))
            {
                copies.Add(s, copy = SnapshotJson.SortedCopy(s, sortTags));
            }

            return copy;
        }

        var result = group.Result;
        return new ForgetGroupJson
        {
            Tags = group.Key.Tags,
            Host = group.Key.Hostname,
            Paths = group.Key.Paths,
            Keep = result.Keep.Count == 0 ? null : [.. result.Keep.Select(Copy)],
            Remove = result.Remove.Count == 0 ? null : [.. result.Remove.Select(Copy)],
            Reasons = result.Reasons.Count == 0 ? null : [.. result.Reasons.Select(r => r with { Snapshot = Copy(r.Snapshot) })],
        };
    }

    /// <summary>The models of all groups, in the given order.</summary>
    public static IReadOnlyList<ForgetGroupJson> From(IEnumerable<ForgetGroupResult> groups, SnapshotGroupBy groupBy)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return [.. groups.Select(g => From(g, groupBy))];
    }

    /// <summary>The groups as one line of JSON, as restic prints them.</summary>
    public static string Serialize(IReadOnlyList<ForgetGroupJson> groups) => JsonSerializer.Serialize(groups, SnapshotJson.Options);

    /// <summary>Reads <c>restic forget --json</c> output; empty output (restic's answer to an empty policy) is no groups.</summary>
    /// <exception cref="JsonException">The text is not forget output.</exception>
    public static IReadOnlyList<ForgetGroupJson> ParseList(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return string.IsNullOrWhiteSpace(json)
            ? []
            : JsonSerializer.Deserialize<List<ForgetGroupJson>>(json, SnapshotJson.Options) ?? [];
    }
}
