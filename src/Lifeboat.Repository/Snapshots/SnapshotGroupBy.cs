namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// What <c>--group-by</c> groups snapshots by; restic's default is <see cref="Host"/> | <see cref="Paths"/>.
/// <see cref="None"/> puts every snapshot in one group. Parse and format with <see cref="SnapshotGrouping"/>.
/// </summary>
[Flags]
public enum SnapshotGroupBy
{
    None = 0,
    Host = 1,
    Paths = 2,
    Tags = 4,
}
