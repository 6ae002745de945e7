using System.Text;

namespace Lifeboat.Sources.Tests;

public sealed class DatabaseNamesTests
{
    [Fact]
    public void A_derived_name_keeps_its_whole_suffix_within_the_limit()
    {
        Assert.Equal("redmine_drill_a1b2c3d4", DatabaseNames.Derived("redmine", DatabaseNames.Drill, "a1b2c3d4", 63));

        var derived = DatabaseNames.Derived(new string('x', 80), DatabaseNames.Restoring, "a1b2c3d4", 63);
        Assert.Equal(63, derived.Length);
        Assert.EndsWith("_restoring_a1b2c3d4", derived, StringComparison.Ordinal);
    }

    [Fact]
    public void Shortening_never_cuts_a_character_in_half()
    {
        var derived = DatabaseNames.Derived(string.Concat(Enumerable.Repeat("é😀", 30)), DatabaseNames.Previous, "0011", 63);

        Assert.True(Encoding.UTF8.GetByteCount(derived) <= 63);
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(derived)));
        Assert.EndsWith("_previous_0011", derived, StringComparison.Ordinal);
    }
}
