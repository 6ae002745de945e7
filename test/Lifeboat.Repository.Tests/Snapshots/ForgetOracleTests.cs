using System.Text.Json;
using System.Text.Json.Nodes;
using Lifeboat.Repository.Snapshots;
using Xunit.Abstractions;

namespace Lifeboat.Repository.Tests.Snapshots;

/// <summary>
/// restic 0.14 as the oracle: the same history, the same options, <c>restic forget --dry-run --json</c>
/// against <see cref="ForgetPolicy"/>; <c>restic snapshots --json</c> against <see cref="SnapshotFilter"/>
/// and <see cref="SnapshotGrouping"/>.
/// </summary>
public sealed class ForgetOracleTests(ResticHistoryFixture history, ITestOutputHelper output) : IClassFixture<ResticHistoryFixture>
{
    [Fact]
    public void Oracle_is_restic_0_14()
    {
        Assert.StartsWith("restic 0.14.", history.ResticVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void History_is_read_from_restic_with_ids_and_round_trips()
    {
        Assert.Equal(history.Plan.Count, history.Snapshots.Count);
        Assert.All(history.Snapshots, s => Assert.False(s.Id.IsZero));
        Assert.Equal(history.Snapshots.Count, history.Snapshots.Select(s => s.Id).Distinct().Count());
        Assert.All(history.Snapshots, s => Assert.Null(s.Extra));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(history.SnapshotsJson), JsonNode.Parse(SnapshotJson.SerializeList(history.Snapshots))));
    }

    [Theory]
    [InlineData("--keep-last", "5")]
    [InlineData("--keep-hourly", "10")]
    [InlineData("--keep-daily", "7")]
    [InlineData("--keep-weekly", "8")]
    [InlineData("--keep-monthly", "12")]
    [InlineData("--keep-yearly", "3")]
    [InlineData("--keep-hourly", "1000")]
    [InlineData("--keep-within", "1m")]
    [InlineData("--keep-within", "10m")]
    [InlineData("--keep-within", "1y2m3d4h")]
    [InlineData("--keep-within", "36h")]
    [InlineData("--keep-within-hourly", "3d")]
    [InlineData("--keep-within-daily", "2m")]
    [InlineData("--keep-within-weekly", "6m")]
    [InlineData("--keep-within-monthly", "2y")]
    [InlineData("--keep-within-yearly", "75y")]
    [InlineData("--keep-tag", "important")]
    [InlineData("--keep-tag", "daily,important", "--keep-tag", "manual")]
    [InlineData("--keep-tag", "", "--keep-last", "1")]
    [InlineData("--keep-daily", "7", "--keep-weekly", "5", "--keep-monthly", "12", "--keep-yearly", "10")]
    [InlineData("--keep-last", "3", "--keep-hourly", "24", "--keep-daily", "14", "--keep-within", "7d", "--keep-tag", "manual")]
    [InlineData("--keep-within-daily", "7d", "--keep-within-weekly", "1m", "--keep-within-monthly", "1y", "--keep-within-yearly", "75y")]
    [InlineData("--keep-hourly", "5", "--keep-within-hourly", "2d", "--keep-within", "1d", "--keep-yearly", "1")]
    [InlineData("--group-by", "host", "--keep-daily", "10")]
    [InlineData("--group-by", "tags", "--keep-weekly", "4")]
    [InlineData("--group-by", "", "--keep-monthly", "6", "--keep-last", "2")]
    [InlineData("--group-by", "host,tags", "--keep-last", "2", "--keep-yearly", "2")]
    [InlineData("--group-by", "paths,tags,host", "--keep-within", "3m", "--keep-monthly", "3")]
    [InlineData("--group-by", "paths", "--keep-within-weekly", "3m")]
    [InlineData("--host", "alpha", "--keep-daily", "5")]
    [InlineData("--host", "beta", "--host", "gamma", "--keep-weekly", "3")]
    [InlineData("--tag", "daily", "--keep-monthly", "4")]
    [InlineData("--tag", "daily,important", "--tag", "manual", "--keep-last", "1", "--group-by", "host")]
    [InlineData("--tag", "", "--keep-daily", "3")]
    [InlineData("--path", "{A}", "--keep-yearly", "1", "--keep-monthly", "2")]
    [InlineData("--path", "{B}", "--host", "alpha", "--keep-last", "1")]
    [InlineData("--keep-last", "0")]
    public async Task Forget_keeps_and_removes_what_restic_does(params string[] options)
    {
        var args = history.Expand(options);
        var now = DateTimeOffset.UtcNow;
        var resticOutput = await history.Restic.RunAsync(["--no-lock", "forget", "--dry-run", "--json", .. args]);
        var theirs = ForgetGroupJson.ParseList(resticOutput);

        var (policy, groupBy, filter) = ForgetArguments.Parse(args);
        var ours = policy.IsEmpty
            ? []
            : ForgetGroupJson.From(policy.ApplyToGroups(filter.Apply(history.Snapshots), groupBy, now), groupBy);

        output.WriteLine($"{history.Snapshots.Count} snapshots; restic: {theirs.Count} groups, "
            + $"{theirs.Sum(g => g.Keep?.Count ?? 0)} kept, {theirs.Sum(g => g.Remove?.Count ?? 0)} removed");
        Assert.Equal(Keys(theirs).Order(StringComparer.Ordinal), Keys(ours).Order(StringComparer.Ordinal));
        var theirNodes = string.IsNullOrWhiteSpace(resticOutput) ? [] : JsonNode.Parse(resticOutput)!.AsArray().ToList();
        foreach (var group in ours)
        {
            var key = Key(group);
            var their = theirs.Single(g => Key(g) == key);
            Assert.True(Ids(their.Keep).SequenceEqual(Ids(group.Keep)), $"{key}: kept {Diff(their.Keep, group.Keep)}");
            Assert.True(Ids(their.Remove).SequenceEqual(Ids(group.Remove)), $"{key}: removed {Diff(their.Remove, group.Remove)}");
            Assert.Equal(
                their.Reasons?.Select(r => $"{string.Join(" + ", r.Matches)} {r.Counters}") ?? [],
                group.Reasons?.Select(r => $"{string.Join(" + ", r.Matches)} {r.Counters}") ?? []);

            // The whole group as restic prints it, snapshots and all.
            var theirNode = theirNodes.Single(n => Key(n!.Deserialize<ForgetGroupJson>(SnapshotJson.Options)!) == key);
            var ourNode = JsonNode.Parse(ForgetGroupJson.Serialize([group]))!.AsArray()[0];
            Assert.True(JsonNode.DeepEquals(theirNode, ourNode), $"{key}:\nrestic: {theirNode}\nours:   {ourNode}");
        }
    }

    [Theory]
    [InlineData("--host", "alpha")]
    [InlineData("--host", "beta", "--host", "gamma")]
    [InlineData("--host", "nobody")]
    [InlineData("--tag", "daily")]
    [InlineData("--tag", "daily,important")]
    [InlineData("--tag", "important,daily", "--tag", "hourly")]
    [InlineData("--tag", " manual ")]
    [InlineData("--tag", "")]
    [InlineData("--tag", ",manual")]
    [InlineData("--tag", "manual,")]
    [InlineData("--path", "{A}")]
    [InlineData("--path", "{A}", "--path", "{B}")]
    [InlineData("--path", "{A}/")]
    [InlineData("--host", "gamma", "--tag", "daily", "--path", "{B}")]
    public async Task Snapshot_filter_selects_what_restic_does(params string[] options)
    {
        var args = history.Expand(options);
        var theirs = SnapshotJson.ParseList(await history.Restic.RunAsync(["--no-lock", "snapshots", "--json", .. args]));

        var ours = ForgetArguments.Parse(args).Filter.Apply(history.Snapshots);

        Assert.Equal(theirs.Select(s => s.Id).Order(), ours.Select(s => s.Id).Order());
    }

    [Theory]
    [InlineData("host,paths")]
    [InlineData("host")]
    [InlineData("paths")]
    [InlineData("tags")]
    [InlineData("host,tags,paths")]
    [InlineData("tag,path")]
    public async Task Grouping_forms_the_groups_restic_does(string groupBy)
    {
        var output = await history.Restic.RunAsync(["--no-lock", "snapshots", "--json", "--group-by", groupBy]);
        var theirs = JsonNode.Parse(output)!.AsArray().ToDictionary(
            g => g!["group_key"]!.Deserialize<SnapshotGroupKey>(SnapshotJson.Options)!,
            g => SnapshotJson.ParseList(g!["snapshots"]!.ToJsonString()).Select(s => s.Id).Order().ToList());

        var ours = SnapshotGrouping.Group(history.Snapshots, SnapshotGrouping.Parse(groupBy));

        Assert.Equal(theirs.Keys.Select(k => k.ToJson()).Order(StringComparer.Ordinal), ours.Select(g => g.Key.ToJson()));
        foreach (var group in ours)
        {
            Assert.Equal(theirs[group.Key], group.Snapshots.Select(s => s.Id).Order());
        }
    }

    private static IEnumerable<string> Keys(IEnumerable<ForgetGroupJson> groups) => groups.Select(Key);

    private static string Key(ForgetGroupJson group) => new SnapshotGroupKey(group.Host, group.Paths, group.Tags).ToJson();

    private static IEnumerable<Id> Ids(IReadOnlyList<Snapshot>? list) => list?.Select(s => s.Id) ?? [];

    private string Diff(IReadOnlyList<Snapshot>? theirs, IReadOnlyList<Snapshot>? ours)
    {
        var t = theirs ?? [];
        var o = ours ?? [];
        string Describe(Snapshot s) => $"{s.Id.ToShortString()} {s.Time}";
        var onlyTheirs = t.Where(s => o.All(x => x.Id != s.Id)).Select(Describe);
        var onlyOurs = o.Where(s => t.All(x => x.Id != s.Id)).Select(Describe);
        return $"restic {t.Count}, ours {o.Count}; only restic: [{string.Join(", ", onlyTheirs)}]; only ours: [{string.Join(", ", onlyOurs)}] of {history.Snapshots.Count}";
    }
}
