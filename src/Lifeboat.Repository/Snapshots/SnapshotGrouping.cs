namespace Lifeboat.Repository.Snapshots;

/// <summary>restic's <c>--group-by</c>: parsing the option and splitting snapshots into groups.</summary>
public static class SnapshotGrouping
{
    /// <summary>restic's default, "host,paths".</summary>
    public const SnapshotGroupBy Default = SnapshotGroupBy.Host | SnapshotGroupBy.Paths;

    /// <summary>
    /// Parses a comma-separated list of host/hosts, path/paths, tag/tags; empty items are ignored, so
    /// "" is <see cref="SnapshotGroupBy.None"/>.
    /// </summary>
    /// <exception cref="FormatException">restic's message: "unknown grouping option: 'x'".</exception>
    public static SnapshotGroupBy Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var groupBy = SnapshotGroupBy.None;
        foreach (var option in text.Split(','))
        {
            groupBy |= option switch
            {
                "host" or "hosts" => SnapshotGroupBy.Host,
                "path" or "paths" => SnapshotGroupBy.Paths,
                "tag" or "tags" => SnapshotGroupBy.Tags,
                "" => SnapshotGroupBy.None,
                _ => throw new FormatException($"unknown grouping option: '{option}'"),
            };
        }

        return groupBy;
    }

    /// <summary>The option text, e.g. "host,paths"; "" for <see cref="SnapshotGroupBy.None"/>.</summary>
    public static string Format(SnapshotGroupBy groupBy)
    {
        var parts = new List<string>(3);
        if (groupBy.HasFlag(SnapshotGroupBy.Host))
        {
            parts.Add("host");
        }

        if (groupBy.HasFlag(SnapshotGroupBy.Paths))
        {
            parts.Add("paths");
        }

        if (groupBy.HasFlag(SnapshotGroupBy.Tags))
        {
            parts.Add("tags");
        }

        return string.Join(',', parts);
    }

    /// <summary>
    /// Splits <paramref name="snapshots"/> into groups. Groups are ordered by their key's JSON (restic's
    /// order is random); within a group snapshots keep their input order.
    /// </summary>
    public static IReadOnlyList<SnapshotGroup> Group(IEnumerable<Snapshot> snapshots, SnapshotGroupBy groupBy)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var groups = new Dictionary<SnapshotGroupKey, List<Snapshot>>();
        foreach (var snapshot in snapshots)
        {
            var key = SnapshotGroupKey.Of(snapshot, groupBy);
            if (!groups.TryGetValue(key, out var members))
            {
                groups.Add(key, members = []);
            }

            members.Add(snapshot);
        }

        return [.. groups
            .OrderBy(g => g.Key.ToJson(), StringComparer.Ordinal)
            .Select(g => new SnapshotGroup(g.Key, g.Value))];
    }
}
