namespace Lifeboat.Repository.Snapshots;

/// <summary>Snapshots that share a <see cref="SnapshotGroupKey"/>, in the order they were given.</summary>
public sealed record SnapshotGroup(SnapshotGroupKey Key, IReadOnlyList<Snapshot> Snapshots);
