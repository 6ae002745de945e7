using Lifeboat.Repository.Snapshots;
using static Lifeboat.Repository.Tests.Snapshots.TestSnapshots;

namespace Lifeboat.Repository.Tests.Snapshots;

public sealed class SnapshotGroupingTests
{
    [Theory]
    [InlineData("host,paths", SnapshotGroupBy.Host | SnapshotGroupBy.Paths, "host,paths")]
    [InlineData("tags,hosts,path", SnapshotGroupBy.Host | SnapshotGroupBy.Paths | SnapshotGroupBy.Tags, "host,paths,tags")]
    [InlineData("tag", SnapshotGroupBy.Tags, "tags")]
    [InlineData("", SnapshotGroupBy.None, "")]
    [InlineData(",host,", SnapshotGroupBy.Host, "host")]
    public void Parses_restics_group_by_option(string text, SnapshotGroupBy expected, string formatted)
    {
        Assert.Equal(expected, SnapshotGrouping.Parse(text));
        Assert.Equal(formatted, SnapshotGrouping.Format(expected));
    }

    [Theory]
    [InlineData("hostname", "unknown grouping option: 'hostname'")]
    [InlineData("host, paths", "unknown grouping option: ' paths'")]
    public void Rejects_unknown_options_with_restics_message(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => SnapshotGrouping.Parse(text)).Message);
    }

    [Fact]
    public void Keys_are_restics_group_key_json()
    {
        var snapshot = At("2024-01-01T00:00:00Z", host: "web", tags: ["b", "a"], paths: ["/z", "/a"]);

        Assert.Equal("""{"hostname":"web","paths":["/a","/z"],"tags":null}""", SnapshotGroupKey.Of(snapshot, SnapshotGrouping.Default).ToJson());
        Assert.Equal("""{"hostname":"","paths":null,"tags":["a","b"]}""", SnapshotGroupKey.Of(snapshot, SnapshotGroupBy.Tags).ToJson());
        Assert.Equal("""{"hostname":"","paths":null,"tags":null}""", SnapshotGroupKey.Of(snapshot, SnapshotGroupBy.None).ToJson());
        Assert.Equal("""{"hostname":"web","paths":null,"tags":null}""", SnapshotGroupKey.Of(At("2024-01-01T00:00:00Z", host: "web"), SnapshotGroupBy.Host | SnapshotGroupBy.Tags).ToJson());
    }

    [Fact]
    public void Tags_and_paths_in_any_order_are_one_group_in_input_order()
    {
        var first = At("2024-01-02T00:00:00Z", tags: ["b", "a"], paths: ["/y", "/x"]);
        var second = At("2024-01-01T00:00:00Z", tags: ["a", "b"], paths: ["/x", "/y"]);
        var other = At("2024-01-03T00:00:00Z", tags: ["a"], paths: ["/x", "/y"]);

        var groups = SnapshotGrouping.Group([first, other, second], SnapshotGroupBy.Paths | SnapshotGroupBy.Tags);

        Assert.Equal(2, groups.Count);
        Assert.Equal([first, second], groups.Single(g => g.Key.Tags!.Count == 2).Snapshots);
        Assert.Equal([other], groups.Single(g => g.Key.Tags!.Count == 1).Snapshots);
        Assert.Equal(["b", "a"], first.Tags!);
    }

    [Fact]
    public void Sorting_is_by_code_point_as_in_Go()
    {
        // UTF-16 ordinal order would put U+FF21 after U+1F600's surrogates; UTF-8 byte order puts it before.
        var snapshot = At("2024-01-01T00:00:00Z", tags: ["\U0001F600", "\uFF21", "a"]);

        Assert.Equal(["a", "\uFF21", "\U0001F600"], SnapshotGroupKey.Of(snapshot, SnapshotGroupBy.Tags).Tags!);
    }
}
