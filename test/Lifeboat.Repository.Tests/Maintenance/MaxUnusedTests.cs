using Lifeboat.Repository.Maintenance;

namespace Lifeboat.Repository.Tests.Maintenance;

public sealed class MaxUnusedTests
{
    [Theory]
    [InlineData("5%", 95_000, 5_000)]          // 5% of the size after the prune (95 used + 5 unused)
    [InlineData("0%", 1_000_000, 0)]
    [InlineData("50%", 1_000, 1_000)]
    [InlineData("500", 1_000_000, 500)]        // a plain number is bytes, as in restic
    [InlineData("2k", 1_000_000, 2_048)]
    [InlineData("100M", 1, 104_857_600)]
    [InlineData("unlimited", 1, long.MaxValue)]
    public void Parses_restic_forms_and_computes_the_allowance(string text, long used, long allowed)
    {
        Assert.Equal(allowed, MaxUnused.Parse(text).AllowedFor(used));
    }

    [Theory]
    [InlineData("")]
    [InlineData("five")]
    [InlineData("-1%")]
    [InlineData("120%")]
    [InlineData("10x")]
    public void Rejects_what_is_not_a_percentage_size_or_unlimited(string text)
    {
        var error = Assert.Throws<UsageException>(() => MaxUnused.Parse(text));
        Assert.Contains("--max-unused", error.Message);
    }
}
