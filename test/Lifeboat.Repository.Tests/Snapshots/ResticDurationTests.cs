using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Repository.Tests.Snapshots;

public sealed class ResticDurationTests
{
    [Theory]
    [InlineData("", 0, 0, 0, 0, "")]
    [InlineData("  ", 0, 0, 0, 0, "")]
    [InlineData("1y2m3d4h", 1, 2, 3, 4, "1y2m3d4h")]
    [InlineData("4h3d2m1y", 1, 2, 3, 4, "1y2m3d4h")]
    [InlineData(" 36h ", 0, 0, 0, 36, "36h")]
    [InlineData("2d1y", 1, 0, 2, 0, "1y2d")]
    [InlineData("1d1d5d", 0, 0, 5, 0, "5d")]
    [InlineData("0y7d", 0, 0, 7, 0, "7d")]
    [InlineData("-1d", 0, 0, -1, 0, "-1d")]
    [InlineData("007m", 0, 7, 0, 0, "7m")]
    public void Parses_and_formats_like_restic(string text, int years, int months, int days, int hours, string formatted)
    {
        var duration = ResticDuration.Parse(text);

        Assert.Equal(new ResticDuration(years, months, days, hours), duration);
        Assert.Equal(formatted, duration.ToString());
    }

    [Theory]
    [InlineData("1", "no unit found after number 1")]
    [InlineData("1w", "invalid unit 'w' found after number 1")]
    [InlineData("x", "no number found")]
    [InlineData("1d 2h", "no number found")]
    [InlineData("-", "no number found")]
    [InlineData("--1d", "no number found")]
    [InlineData("1D", "invalid unit 'D' found after number 1")]
    [InlineData("99999999999d", "number 99999999999 is too large")]
    public void Rejects_what_restic_rejects_with_its_message(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => ResticDuration.Parse(text));

        Assert.Equal(message, error.Message);
        Assert.False(ResticDuration.TryParse(text, out _, out var tryError));
        Assert.Equal(message, tryError);
    }

    [Fact]
    public void Zero_and_negative_are_recognised()
    {
        Assert.True(ResticDuration.Zero.IsZero);
        Assert.True(ResticDuration.Parse("0d0h").IsZero);
        Assert.False(ResticDuration.Parse("1h").IsNegative);
        Assert.True(ResticDuration.Parse("1y-1h").IsNegative);
    }

    [Theory]
    // Go's AddDate rolls an impossible day over into the next month instead of clamping it.
    [InlineData("2024-03-31T12:00:00Z", "1m", "2024-03-02T12:00:00Z")]
    [InlineData("2023-03-31T12:00:00Z", "1m", "2023-03-03T12:00:00Z")]
    [InlineData("2024-12-31T23:30:00Z", "1m", "2024-12-01T23:30:00Z")]
    [InlineData("2024-12-31T23:30:00Z", "10m", "2024-03-02T23:30:00Z")]
    [InlineData("2024-02-29T08:00:00Z", "1y", "2023-03-01T08:00:00Z")]
    [InlineData("2024-01-15T00:00:00Z", "1m", "2023-12-15T00:00:00Z")]
    [InlineData("2024-01-15T00:00:00Z", "13m", "2022-12-15T00:00:00Z")]
    [InlineData("2024-03-01T00:00:00Z", "1d", "2024-02-29T00:00:00Z")]
    [InlineData("2024-03-01T02:00:00Z", "3h", "2024-02-29T23:00:00Z")]
    [InlineData("2024-05-10T10:00:00Z", "1y2m3d4h", "2023-03-07T06:00:00Z")]
    [InlineData("2024-05-10T10:00:00Z", "100h", "2024-05-06T06:00:00Z")]
    // The wall clock of the time's own offset is what gets the months taken off.
    [InlineData("2024-03-01T01:00:00+02:00", "1m", "2024-02-01T01:00:00+02:00")]
    [InlineData("2024-03-31T01:00:00-05:00", "1m", "2024-03-02T01:00:00-05:00")]
    public void Before_does_Gos_calendar_arithmetic(string time, string duration, string expected)
    {
        var result = ResticDuration.Parse(duration).Before(ResticTime.Parse(time).Value);

        Assert.Equal(ResticTime.Parse(expected).Value, result);
        Assert.Equal(ResticTime.Parse(expected).Value.Offset, result.Offset);
    }

    [Fact]
    public void Before_outside_the_calendar_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ResticDuration.Parse("3000y").Before(ResticTime.Parse("2024-01-01T00:00:00Z").Value));
    }
}
