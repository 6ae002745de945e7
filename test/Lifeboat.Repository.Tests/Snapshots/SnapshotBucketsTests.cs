using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Repository.Tests.Snapshots;

public sealed class SnapshotBucketsTests
{
    [Fact]
    public void Buckets_are_restics_numbers()
    {
        var time = ResticTime.Parse("2024-03-07T09:41:12Z").Value;

        Assert.Equal(2024030709, SnapshotBuckets.Hour(time));
        Assert.Equal(20240307, SnapshotBuckets.Day(time));
        Assert.Equal(202410, SnapshotBuckets.Week(time));
        Assert.Equal(202403, SnapshotBuckets.Month(time));
        Assert.Equal(2024, SnapshotBuckets.Year(time));
    }

    [Theory]
    [InlineData("2021-01-03T12:00:00Z", 202053)] // Sunday: still the last ISO week of 2020
    [InlineData("2021-01-04T00:00:00Z", 202101)] // Monday: week 1
    [InlineData("2020-12-31T23:59:59Z", 202053)]
    [InlineData("2022-01-02T12:00:00Z", 202152)]
    [InlineData("2022-01-03T00:30:00Z", 202201)]
    [InlineData("2024-12-30T08:00:00Z", 202501)] // Monday of the week that holds 2 January 2025
    [InlineData("2026-12-31T08:00:00Z", 202653)]
    public void Weeks_are_ISO_weeks_with_the_ISO_year(string time, long expected)
    {
        Assert.Equal(expected, SnapshotBuckets.Week(ResticTime.Parse(time).Value));
    }

    [Fact]
    public void Buckets_use_the_snapshots_own_offset_not_UTC()
    {
        // 00:30 on New Year's Day at +02:00 is 22:30 on 31 December in UTC.
        var time = ResticTime.Parse("2024-01-01T00:30:00+02:00").Value;

        Assert.Equal(2024010100, SnapshotBuckets.Hour(time));
        Assert.Equal(20240101, SnapshotBuckets.Day(time));
        Assert.Equal(202401, SnapshotBuckets.Week(time));
        Assert.Equal(202401, SnapshotBuckets.Month(time));
        Assert.Equal(2024, SnapshotBuckets.Year(time));
        Assert.Equal(20231231, SnapshotBuckets.Day(time.ToUniversalTime()));
    }
}
