namespace Lifeboat.Manifest.Tests;

public sealed class DurationTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("24h", 86400)]
    [InlineData("7d", 604800)]
    [InlineData("2w", 1209600)]
    [InlineData("1h30m", 5400)]
    [InlineData("1d12h", 129600)]
    public void Durations_parse(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(text));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("5", "has no unit")]
    [InlineData("5x", "has an unknown unit 'x'")]
    [InlineData("1h30", "ends without a unit")]
    [InlineData("h", "is not a duration")]
    [InlineData("1.5h", "has an unknown unit '.'")]
    [InlineData("99999999999d", "is too long")]
    public void Invalid_durations_say_why(string text, string error)
    {
        Assert.False(Durations.TryParse(text, out _, out var message));
        Assert.Equal(error, message);
    }

    [Theory]
    [InlineData(5400, "1h30m")]
    [InlineData(604800, "7d")]
    [InlineData(59, "59s")]
    public void Durations_format_as_written(int seconds, string text)
    {
        Assert.Equal(text, Durations.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Calendar_durations_count_months_and_years()
    {
        Assert.Equal(new CalendarDuration(1, 2, 3, 4), CalendarDuration.Parse("1y2m3d4h"));
        Assert.Equal("1y6m", CalendarDuration.Parse("6m1y").ToString());
        Assert.False(CalendarDuration.TryParse("2w", out _, out var error));
        Assert.Equal("has an unknown unit 'w'", error);
    }
}
