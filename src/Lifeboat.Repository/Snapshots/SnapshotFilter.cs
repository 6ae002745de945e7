namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// restic's snapshot selection (<c>--host</c>, <c>--tag</c>, <c>--path</c>), shared by snapshots,
/// forget and per-service retention. A snapshot matches when it passes all three: its hostname is
/// one of <see cref="Hosts"/>, it satisfies at least one of <see cref="Tags"/> (each list needs all
/// its tags), and it has every one of <see cref="Paths"/> among its paths (exact string comparison,
/// no normalisation). An empty list does not restrict. Immutable and thread-safe.
/// </summary>
public sealed record SnapshotFilter
{
    public static SnapshotFilter None { get; } = new();

    public IReadOnlyList<string> Hosts { get; init; } = [];

    public IReadOnlyList<TagList> Tags { get; init; } = [];

    public IReadOnlyList<string> Paths { get; init; } = [];

    public bool IsEmpty => Hosts.Count == 0 && Tags.Count == 0 && Paths.Count == 0;

    public bool Matches(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (Hosts.Count > 0 && !Hosts.Contains(snapshot.Hostname ?? "", StringComparer.Ordinal))
        {
            return false;
        }

        if (Tags.Count > 0 && !Tags.Any(t => t.IsSatisfiedBy(snapshot)))
        {
            return false;
        }

        return Paths.All(p => snapshot.Paths.Contains(p, StringComparer.Ordinal));
    }

    /// <summary>The matching snapshots, in input order.</summary>
    public IReadOnlyList<Snapshot> Apply(IEnumerable<Snapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        return [.. snapshots.Where(Matches)];
    }

    public bool Equals(SnapshotFilter? other) =>
        other is not null
        && Hosts.SequenceEqual(other.Hosts, StringComparer.Ordinal)
        && Tags.SequenceEqual(other.Tags)
        && Paths.SequenceEqual(other.Paths, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Hosts.Count, Tags.Count, Paths.Count);
}
