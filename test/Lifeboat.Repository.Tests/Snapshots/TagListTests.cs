using Lifeboat.Repository.Snapshots;
using static Lifeboat.Repository.Tests.Snapshots.TestSnapshots;

namespace Lifeboat.Repository.Tests.Snapshots;

public sealed class TagListTests
{
    [Theory]
    [InlineData("a", new[] { "a" }, "[a]")]
    [InlineData("a,b", new[] { "a", "b" }, "[a, b]")]
    [InlineData(" a , b ", new[] { "a", "b" }, "[a, b]")]
    [InlineData("", new[] { "" }, "[]")]
    [InlineData("a,", new[] { "a", "" }, "[a, ]")]
    public void Parses_and_prints_like_restic(string text, string[] tags, string printed)
    {
        var list = TagList.Parse(text);

        Assert.Equal(tags, list);
        Assert.Equal(printed, list.ToString());
    }

    [Theory]
    [InlineData("a", new[] { "a", "b" }, true)]
    [InlineData("a,b", new[] { "b", "a" }, true)]
    [InlineData("a,c", new[] { "a", "b" }, false)]
    [InlineData("A", new[] { "a" }, false)]
    [InlineData("", null, true)]
    [InlineData("", new[] { "a" }, false)]
    [InlineData(",a", null, true)]
    [InlineData("a,", null, false)]
    [InlineData("a,", new[] { "a" }, false)]
    public void Matches_snapshots_as_restic_does(string list, string[]? tags, bool expected)
    {
        Assert.Equal(expected, TagList.Parse(list).IsSatisfiedBy(At("2024-01-01T00:00:00Z", tags: tags)));
    }
}
