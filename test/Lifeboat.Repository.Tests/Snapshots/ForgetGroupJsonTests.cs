using System.Text.Json;
using System.Text.Json.Nodes;
using Lifeboat.Repository.Snapshots;
using static Lifeboat.Repository.Tests.Snapshots.TestSnapshots;

namespace Lifeboat.Repository.Tests.Snapshots;

public sealed class ForgetGroupJsonTests
{
    [Fact]
    public void A_group_is_written_in_restics_shape()
    {
        var kept = At("2024-01-02T00:00:00Z", host: "web", tags: ["b", "a"], paths: ["/z", "/a"]);
        var removed = At("2024-01-01T00:00:00Z", host: "web", tags: ["a", "b"], paths: ["/a", "/z"]);
        var groupBy = SnapshotGroupBy.Host | SnapshotGroupBy.Tags;
        var group = new ForgetPolicy { KeepLast = 1 }.ApplyToGroups([removed, kept], groupBy, DateTimeOffset.UnixEpoch).Single();

        var json = JsonNode.Parse(ForgetGroupJson.Serialize([ForgetGroupJson.From(group, groupBy)]))!.AsArray().Single()!;

        Assert.Equal(["tags", "host", "paths", "keep", "remove", "reasons"], json.AsObject().Select(p => p.Key));
        Assert.Equal("""["a","b"]""", json["tags"]!.ToJsonString());
        Assert.Equal("web", (string?)json["host"]);
        Assert.Null(json["paths"]);
        Assert.Equal(kept.Id.ToString(), (string?)json["keep"]![0]!["id"]);
        Assert.Equal(kept.Id.ToShortString(), (string?)json["keep"]![0]!["short_id"]);
        Assert.Equal("""["a","b"]""", json["keep"]![0]!["tags"]!.ToJsonString());
        Assert.Equal("""["/a","/z"]""", json["keep"]![0]!["paths"]!.ToJsonString());
        Assert.Equal(removed.Id.ToString(), (string?)json["remove"]![0]!["id"]);
        Assert.Equal("""{"matches":["last snapshot"],"counters":{}}""", new JsonObject
        {
            ["matches"] = json["reasons"]![0]!["matches"]!.DeepClone(),
            ["counters"] = json["reasons"]![0]!["counters"]!.DeepClone(),
        }.ToJsonString());
        Assert.Null(json["reasons"]![0]!["snapshot"]!["id"]);
        Assert.Equal(["b", "a"], kept.Tags!);
    }

    [Fact]
    public void Empty_lists_are_null_as_in_restic()
    {
        var group = new ForgetPolicy { KeepTags = [TagList.Parse("x")] }
            .ApplyToGroups([At("2024-01-01T00:00:00Z")], SnapshotGroupBy.None, DateTimeOffset.UnixEpoch).Single();

        var json = ForgetGroupJson.Serialize([ForgetGroupJson.From(group, SnapshotGroupBy.None)]);

        Assert.StartsWith("""[{"tags":null,"host":"","paths":null,"keep":null,"remove":[{""", json, StringComparison.Ordinal);
        Assert.EndsWith("\"reasons\":null}]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Restics_output_reads_back_including_an_empty_answer()
    {
        var group = new ForgetPolicy { KeepDaily = 1 }
            .ApplyToGroups([At("2024-01-01T00:00:00Z"), At("2024-01-01T01:00:00Z")], SnapshotGrouping.Default, DateTimeOffset.UnixEpoch).Single();
        var written = ForgetGroupJson.Serialize([ForgetGroupJson.From(group, SnapshotGrouping.Default)]);

        var read = ForgetGroupJson.ParseList(written).Single();

        Assert.Equal(group.Result.Keep.Select(s => s.Id), read.Keep!.Select(s => s.Id));
        Assert.Equal(group.Result.Remove.Select(s => s.Id), read.Remove!.Select(s => s.Id));
        Assert.Equal(new KeepCounters(0, 0, 0, 0, 0, 0), read.Reasons!.Single().Counters);
        Assert.Null(read.Keep!.Single().Extra);
        Assert.Empty(ForgetGroupJson.ParseList(""));
    }

    [Fact]
    public void A_snapshot_list_without_ids_is_refused()
    {
        Assert.Throws<JsonException>(() => SnapshotJson.ParseList("""[{"time":"2024-01-01T00:00:00Z","tree":"00","paths":[]}]"""));
        Assert.Throws<JsonException>(() => SnapshotJson.ParseList("""[{"time":"2024-01-01T00:00:00Z","paths":[],"id":"xyz"}]"""));
    }
}
