using Lifeboat.Repository.Snapshots;
using static Lifeboat.Repository.Tests.Snapshots.TestSnapshots;

namespace Lifeboat.Repository.Tests.Snapshots;

public sealed class SnapshotFilterTests
{
    private static readonly Snapshot Web = At("2024-01-01T00:00:00Z", host: "web", tags: ["daily", "www"], paths: ["/srv", "/etc"]);
    private static readonly Snapshot Db = At("2024-01-02T00:00:00Z", host: "db", paths: ["/var/lib/db"]);

    [Fact]
    public void An_empty_filter_selects_everything_in_order()
    {
        Assert.True(SnapshotFilter.None.IsEmpty);
        Assert.Equal([Db, Web], SnapshotFilter.None.Apply([Db, Web]));
    }

    [Fact]
    public void Hosts_are_alternatives()
    {
        Assert.Equal([Web, Db], new SnapshotFilter { Hosts = ["db", "web"] }.Apply([Web, Db]));
        Assert.Equal([Db], new SnapshotFilter { Hosts = ["db"] }.Apply([Web, Db]));
        Assert.Empty(new SnapshotFilter { Hosts = ["db,web"] }.Apply([Web, Db]));
    }

    [Fact]
    public void Each_tag_list_needs_all_its_tags_and_lists_are_alternatives()
    {
        Assert.Equal([Web], new SnapshotFilter { Tags = [TagList.Parse("www,daily")] }.Apply([Web, Db]));
        Assert.Empty(new SnapshotFilter { Tags = [TagList.Parse("www,weekly")] }.Apply([Web, Db]));
        Assert.Equal([Web, Db], new SnapshotFilter { Tags = [TagList.Parse("www"), TagList.Parse("")] }.Apply([Web, Db]));
    }

    [Fact]
    public void Paths_must_all_be_present_exactly()
    {
        Assert.Equal([Web], new SnapshotFilter { Paths = ["/etc", "/srv"] }.Apply([Web, Db]));
        Assert.Empty(new SnapshotFilter { Paths = ["/srv", "/var/lib/db"] }.Apply([Web, Db]));
        Assert.Empty(new SnapshotFilter { Paths = ["/srv/"] }.Apply([Web, Db]));
    }

    [Fact]
    public void All_three_must_match()
    {
        var filter = new SnapshotFilter { Hosts = ["web"], Tags = [TagList.Parse("daily")], Paths = ["/srv"] };

        Assert.Equal([Web], filter.Apply([Web, Db]));
        Assert.Empty((filter with { Hosts = ["db"] }).Apply([Web, Db]));
    }
}
