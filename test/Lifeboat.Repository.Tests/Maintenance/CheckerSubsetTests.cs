using Lifeboat.Repository.Checking;
using Lifeboat.Storage.Local;

namespace Lifeboat.Repository.Tests.Maintenance;

/// <summary>
/// Which packs <c>check --read-data-subset</c> reads, counted at the backend: the groups n/t split the
/// packs into disjoint sets that together cover every pack once (restic's rule: first byte of the id
/// modulo t), and a percentage reads about that share, a different random sample each time.
/// </summary>
public sealed class CheckerSubsetTests(SmallPacksRepository fixture) : IClassFixture<SmallPacksRepository>
{
    private List<string> Packs => fixture.Packs;

    [Fact]
    public async Task Read_data_reads_every_pack_exactly_once()
    {
        var loads = await CheckAsync(new CheckOptions { ReadAll = true });
        Assert.Equal(Packs, loads.Keys.Order(StringComparer.Ordinal));
        Assert.All(loads.Values, n => Assert.Equal(1, n));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Groups_of_a_subset_read_every_pack_exactly_once_together(int total)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 1; n <= total; n++)
        {
            var loads = await CheckAsync(CheckOptions.ForSubset($"{n}/{total}"));
            Assert.All(loads, l => Assert.Equal(1, l.Value));
            Assert.All(loads.Keys, p => Assert.Equal(n - 1, Convert.ToByte(p[..2], 16) % total));
            Assert.NotEmpty(loads);
            foreach (var pack in loads.Keys)
            {
                seen[pack] = seen.GetValueOrDefault(pack) + 1;
            }
        }

        Assert.Equal(Packs, seen.Keys.Order(StringComparer.Ordinal));
        Assert.All(seen.Values, n => Assert.Equal(1, n));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    public async Task Percentage_reads_about_that_share_and_a_new_sample_each_time(int percent)
    {
        var first = await CheckAsync(CheckOptions.ForSubset($"{percent}%"));
        var second = await CheckAsync(CheckOptions.ForSubset($"{percent}%"));
        var expected = Packs.Count * percent / 100.0;
        foreach (var loads in new[] { first, second })
        {
            Assert.InRange(loads.Count, Math.Floor(expected), Math.Ceiling(expected));
            Assert.All(loads.Values, n => Assert.Equal(1, n));
            Assert.Subset(Packs.ToHashSet(), loads.Keys.ToHashSet());
        }

        Assert.NotEqual(first.Keys.Order(StringComparer.Ordinal), second.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Structure_check_reads_no_pack_in_full()
    {
        Assert.Empty(await CheckAsync(new CheckOptions()));
    }

    private async Task<Dictionary<string, int>> CheckAsync(CheckOptions options)
    {
        var recorder = new PackReadRecorder(new LocalBackend(fixture.Path));
        await using var repository = await Repository.OpenAsync(recorder, SmallPacksRepository.Password);
        var result = await new Checker(repository).CheckAsync(options);
        Assert.False(result.HasErrors, string.Join("\n", result.Problems));
        Assert.Equal(recorder.Loads.Count, result.PacksRead);
        return new Dictionary<string, int>(recorder.Loads, StringComparer.Ordinal);
    }
}
