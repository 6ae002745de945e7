using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// What the snapshots of one group share, as restic prints it in <c>group_key</c>: the hostname (""
/// when not grouping by host), the sorted paths and the sorted tags (null when not grouping by them;
/// tags also null for snapshots without tags). Immutable; equal when all three are equal.
/// </summary>
public sealed class SnapshotGroupKey : IEquatable<SnapshotGroupKey>
{
    private readonly string _canonical;

    [JsonConstructor]
    public SnapshotGroupKey(string? hostname, IReadOnlyList<string>? paths, IReadOnlyList<string>? tags)
    {
        Hostname = hostname ?? "";
        Paths = paths is null ? null : [.. paths];
        Tags = tags is null ? null : [.. tags];
        _canonical = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(this, SnapshotJson.Options));
    }

    [JsonPropertyName("hostname")]
    public string Hostname { get; }

    [JsonPropertyName("paths")]
    public IReadOnlyList<string>? Paths { get; }

    [JsonPropertyName("tags")]
    public IReadOnlyList<string>? Tags { get; }

    /// <summary>The key of <paramref name="snapshot"/> when grouping by <paramref name="groupBy"/>.</summary>
    public static SnapshotGroupKey Of(Snapshot snapshot, SnapshotGroupBy groupBy)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new SnapshotGroupKey(
            groupBy.HasFlag(SnapshotGroupBy.Host) ? snapshot.Hostname : "",
            groupBy.HasFlag(SnapshotGroupBy.Paths) ? Sorted(snapshot.Paths) : null,
            groupBy.HasFlag(SnapshotGroupBy.Tags) ? Sorted(snapshot.Tags) : null);
    }

    /// <summary>The key as compact JSON, {"hostname":"…","paths":[…],"tags":[…]}.</summary>
    public string ToJson() => _canonical;

    public override string ToString() => _canonical;

    public bool Equals(SnapshotGroupKey? other) => other is not null && _canonical == other._canonical;

    public override bool Equals(object? obj) => Equals(obj as SnapshotGroupKey);

    public override int GetHashCode() => _canonical.GetHashCode(StringComparison.Ordinal);

    internal static List<string>? Sorted(List<string>? list)
    {
        if (list is null)
        {
            return null;
        }

        var sorted = new List<string>(list);
        sorted.Sort(Utf8Ordinal.Instance);
        return sorted;
    }
}
