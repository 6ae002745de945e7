using Lifeboat.Repository.Snapshots;
using static Lifeboat.Repository.Tests.Snapshots.TestSnapshots;

namespace Lifeboat.Repository.Tests.Snapshots;

public sealed class ForgetPolicyTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Daily_buckets_follow_each_snapshots_own_offset()
    {
        // Both newest snapshots fall on 31 December in UTC, but the newest was taken at 00:30 on
        // New Year's Day at +02:00: restic (Go keeps the parsed offset) sees two different days.
        var newYear = At("2024-01-01T00:30:00+02:00");
        var oldYear = At("2023-12-31T22:00:00Z");
        var sameDayAsOldYear = At("2023-12-31T21:00:00+00:00");
        var policy = new ForgetPolicy { KeepDaily = 5 };

        var result = policy.Apply([sameDayAsOldYear, oldYear, newYear], Now);

        Assert.Equal([newYear, oldYear], result.Keep);
        Assert.Equal([sameDayAsOldYear], result.Remove);
        Assert.All(result.Reasons, r => Assert.Equal(["daily snapshot"], r.Matches));
    }

    [Fact]
    public void Keep_within_counts_months_on_the_newest_snapshots_own_wall_clock()
    {
        // The newest is 1 March 01:00 at +02:00 (29 February 23:00 UTC): one month back is
        // 1 February 01:00 at +02:00, i.e. 31 January 23:00 UTC; counted in UTC it would be 29 January.
        var newest = At("2024-03-01T01:00:00+02:00");
        var inside = At("2024-02-01T00:00:00Z");
        var outside = At("2024-01-30T12:00:00Z");
        var policy = new ForgetPolicy { KeepWithin = ResticDuration.Parse("1m") };

        var result = policy.Apply([outside, inside, newest], Now);

        Assert.Equal([newest, inside], result.Keep);
        Assert.Equal([outside], result.Remove);
        Assert.Equal(["within 1m"], result.Reasons[1].Matches);
    }

    [Fact]
    public void Keep_within_measures_from_the_newest_snapshot_that_is_not_in_the_future()
    {
        var future = At("2030-01-01T00:00:00Z");
        var newest = At("2025-05-31T10:00:00Z");
        var inside = At("2025-05-30T12:00:00Z");
        var outside = At("2025-05-30T09:00:00Z");
        var policy = new ForgetPolicy { KeepWithin = ResticDuration.Parse("1d") };

        var result = policy.Apply([outside, future, inside, newest], Now);

        Assert.Equal([future, newest, inside], result.Keep);
        Assert.Equal([outside], result.Remove);
    }

    [Fact]
    public void With_every_snapshot_in_the_future_everything_is_within()
    {
        var policy = new ForgetPolicy { KeepWithin = ResticDuration.Parse("1h"), KeepWithinDaily = ResticDuration.Parse("1d") };

        var result = policy.Apply([At("2031-01-01T00:00:00Z"), At("2030-01-01T00:00:00Z"), At("2030-01-01T05:00:00Z")], Now);

        Assert.Empty(result.Remove);
        Assert.Equal(["within 1h", "daily within 1d"], result.Reasons[1].Matches);
        Assert.Equal(["within 1h"], result.Reasons[2].Matches);
    }

    [Fact]
    public void Keep_within_at_exactly_the_cutoff_is_outside()
    {
        var policy = new ForgetPolicy { KeepWithin = ResticDuration.Parse("1d") };
        var atCutoff = At("2025-05-30T10:00:00Z");
        var justInside = At("2025-05-30T10:00:00.000000001Z");

        var result = policy.Apply([At("2025-05-31T10:00:00Z"), atCutoff, justInside], Now);

        Assert.Contains(justInside, result.Keep);
        Assert.Equal([atCutoff], result.Remove);
    }

    [Fact]
    public void Reasons_come_in_restics_order_with_the_counters_left()
    {
        var policy = new ForgetPolicy
        {
            KeepLast = 2,
            KeepDaily = 3,
            KeepYearly = 1,
            KeepWithin = ResticDuration.Parse("2h"),
            KeepWithinHourly = ResticDuration.Parse("1d"),
            KeepTags = [TagList.Parse("a"), TagList.Parse("b, a")],
        };
        var first = At("2025-05-31T10:00:00Z", tags: ["a", "b"]);
        var second = At("2025-05-31T09:30:00Z");
        var third = At("2025-05-30T09:30:00Z");

        var result = policy.Apply([third, second, first], Now);

        Assert.Equal(
            ["has tags [a]", "has tags [b, a]", "within 2h", "last snapshot", "daily snapshot", "yearly snapshot", "hourly within 1d"],
            result.Reasons[0].Matches);
        Assert.Equal(new KeepCounters(1, 0, 2, 0, 0, 0), result.Reasons[0].Counters);
        Assert.Equal(["within 2h", "last snapshot", "hourly within 1d"], result.Reasons[1].Matches);
        Assert.Equal(new KeepCounters(0, 0, 2, 0, 0, 0), result.Reasons[1].Counters);
        Assert.Equal(["daily snapshot"], result.Reasons[2].Matches);
        Assert.Equal(new KeepCounters(0, 0, 1, 0, 0, 0), result.Reasons[2].Counters);
    }

    [Fact]
    public void Counted_rules_keep_the_newest_of_each_bucket_and_not_the_oldest()
    {
        // restic 0.14 does not keep the oldest snapshot when counts are left (later versions do).
        var snapshots = new[] { At("2025-05-03T10:00:00Z"), At("2025-05-03T09:00:00Z"), At("2025-05-01T10:00:00Z"), At("2025-05-01T08:00:00Z") };

        var result = new ForgetPolicy { KeepDaily = 10 }.Apply(snapshots, Now);

        Assert.Equal([snapshots[0], snapshots[2]], result.Keep);
        Assert.Equal([snapshots[1], snapshots[3]], result.Remove);
        Assert.Equal(new KeepCounters(0, 0, 8, 0, 0, 0), result.Reasons[1].Counters);
    }

    [Fact]
    public void Snapshots_at_the_same_instant_keep_their_input_order()
    {
        var a = At("2025-05-03T10:00:00Z");
        var b = At("2025-05-03T12:00:00+02:00");

        Assert.Equal([a], new ForgetPolicy { KeepLast = 1 }.Apply([a, b], Now).Keep);
        Assert.Equal([b], new ForgetPolicy { KeepLast = 1 }.Apply([b, a], Now).Keep);
    }

    [Fact]
    public void An_empty_policy_keeps_everything_newest_first()
    {
        var older = At("2020-01-01T00:00:00Z");
        var newer = At("2021-01-01T00:00:00Z");
        var policy = new ForgetPolicy { KeepLast = 0, KeepWithin = ResticDuration.Zero };

        var result = policy.Apply([older, newer], Now);

        Assert.True(policy.IsEmpty);
        Assert.Equal([newer, older], result.Keep);
        Assert.Empty(result.Remove);
        Assert.All(result.Reasons, r => Assert.Equal(["policy is empty"], r.Matches));
    }

    [Fact]
    public void No_snapshots_give_an_empty_result()
    {
        var result = new ForgetPolicy { KeepDaily = 1 }.Apply([], Now);

        Assert.Empty(result.Keep);
        Assert.Empty(result.Remove);
        Assert.Empty(result.Reasons);
    }

    [Fact]
    public void A_keep_tag_alone_makes_the_policy_non_empty()
    {
        Assert.False(new ForgetPolicy { KeepTags = [TagList.Parse("x")] }.IsEmpty);
        Assert.False(new ForgetPolicy { KeepWithinYearly = ResticDuration.Parse("1y") }.IsEmpty);
        Assert.True(new ForgetPolicy().IsEmpty);
    }

    [Fact]
    public void Negative_counts_and_durations_are_refused()
    {
        // restic 0.14 accepts them and then keeps nothing at all.
        var policy = new ForgetPolicy { KeepDaily = -1, KeepWithin = ResticDuration.Parse("-1d"), KeepLast = 2 };

        Assert.Equal(
            ["--keep-daily must not be negative, got -1", "--keep-within must not contain negative values, got -1d"],
            policy.Validate());
        var error = Assert.Throws<ArgumentException>(() => policy.Apply([At("2025-01-01T00:00:00Z")], Now));
        Assert.Contains("--keep-daily must not be negative", error.Message, StringComparison.Ordinal);
        Assert.Empty(new ForgetPolicy { KeepDaily = 3 }.Validate());
    }

    [Fact]
    public void Apply_does_not_change_the_snapshots_or_their_order()
    {
        var snapshots = new List<Snapshot> { At("2020-01-01T00:00:00Z", tags: ["b", "a"]), At("2021-01-01T00:00:00Z") };
        var before = Times(snapshots);

        new ForgetPolicy { KeepLast = 1 }.Apply(snapshots, Now);

        Assert.Equal(before, Times(snapshots));
        Assert.Equal(["b", "a"], snapshots[0].Tags!);
    }

    [Fact]
    public void Describes_itself_as_restic_does()
    {
        var policy = new ForgetPolicy
        {
            KeepLast = 3,
            KeepDaily = 7,
            KeepWithinHourly = ResticDuration.Parse("1d"),
            KeepWithinDaily = ResticDuration.Parse("2m"),
            KeepTags = [TagList.Parse("a,b"), TagList.Parse("c")],
            KeepWithin = ResticDuration.Parse("2y"),
        };

        Assert.Equal(
            "keep 3 latest, 7 daily snapshots, hourly snapshots within 1d, daily snapshots within 2m and all snapshots with tags [[a, b] [c]] and all snapshots within 2y of the newest",
            policy.ToString());
        Assert.Equal("keep 3 latest snapshots", new ForgetPolicy { KeepLast = 3 }.ToString());
        Assert.Equal("keep daily snapshots within 2m", new ForgetPolicy { KeepWithinDaily = ResticDuration.Parse("2m") }.ToString());
    }

    [Fact]
    public void Policies_with_the_same_rules_are_equal()
    {
        var a = new ForgetPolicy { KeepDaily = 7, KeepTags = [TagList.Parse("x,y")] };
        var b = new ForgetPolicy { KeepDaily = 7, KeepTags = [TagList.Parse("x, y")] };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { KeepTags = [TagList.Parse("y,x")] });
    }

    [Fact]
    public void Groups_are_applied_separately()
    {
        var snapshots = new[] { At("2025-01-01T00:00:00Z", host: "a"), At("2025-01-02T00:00:00Z", host: "b"), At("2025-01-03T00:00:00Z", host: "a") };

        var groups = new ForgetPolicy { KeepLast = 1 }.ApplyToGroups(snapshots, SnapshotGroupBy.Host, Now);

        Assert.Equal(["a", "b"], groups.Select(g => g.Key.Hostname));
        Assert.Equal([snapshots[2]], groups[0].Result.Keep);
        Assert.Equal([snapshots[0]], groups[0].Result.Remove);
        Assert.Equal([snapshots[1]], groups[1].Result.Keep);
    }
}
