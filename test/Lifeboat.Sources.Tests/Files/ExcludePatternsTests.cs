using Lifeboat.Sources.Files;

namespace Lifeboat.Sources.Tests.Files;

public sealed class ExcludePatternsTests
{
    [Theory]
    [InlineData("tmp/**", "/srv/app/tmp/**")]
    [InlineData("./tmp/**", "/srv/app/tmp/**")]
    [InlineData("/tmp/**", "/srv/app/tmp/**")]
    [InlineData("cache/", "/srv/app/**/cache/")]
    [InlineData("data/.uploads", "/srv/app/data/.uploads")]
    [InlineData("*.log", "/srv/app/**/*.log")]
    [InlineData(".cache", "/srv/app/**/.cache")]
    [InlineData("/srv/app/tmp", "/srv/app/tmp")]
    public void Patterns_are_relative_to_the_source_path(string pattern, string anchored) =>
        Assert.Equal([anchored], ExcludePatterns.Anchor("/srv/app/", [pattern]));

    [Fact]
    public void Nothing_above_the_source_path_can_match()
    {
        var patterns = ExcludePatterns.ToPatternList("/srv/logs.log/app", ["*.log", "srv"])!;

        Assert.False(patterns.Matches("/srv/logs.log/app/readme.txt"));
        Assert.True(patterns.Matches("/srv/logs.log/app/deep/down/x.log"));
        Assert.True(patterns.Matches("/srv/logs.log/app/srv"));
    }

    [Fact]
    public void No_patterns_is_no_pattern_list() => Assert.Null(ExcludePatterns.ToPatternList("/srv/app", ["", "  "]));
}
