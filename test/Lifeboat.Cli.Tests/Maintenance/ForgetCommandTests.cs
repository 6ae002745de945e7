using System.Text.Json;
using Lifeboat.Testing;
using Xunit.Abstractions;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// <c>lifeboat repo forget</c> wired up as restic's: for each policy, the snapshots our command removes
/// from disk are exactly those <c>restic forget --dry-run --json</c> lists for removal on the same
/// repository, and our <c>--dry-run --json</c> lists the same while removing nothing; explicit ids and
/// prefixes remove exactly those snapshots; <c>--prune</c> prunes.
/// </summary>
public sealed class ForgetCommandTests(ForgetFixture fixture, ITestOutputHelper output) : IClassFixture<ForgetFixture>
{
    [Theory]
    [InlineData("--keep-last", "3")]
    [InlineData("--keep-daily", "4", "--keep-weekly", "2")]
    [InlineData("--keep-monthly", "3", "--keep-yearly", "1")]
    [InlineData("--keep-tag", "keep", "--keep-last", "1")]
    [InlineData("--group-by", "host", "--keep-last", "2")]
    [InlineData("--host", "alpha", "--keep-weekly", "2")]
    [InlineData("--tag", "daily", "--keep-monthly", "2", "--group-by", "host,tags")]
    [InlineData("--group-by", "", "--keep-within", "1y", "--keep-last", "2")]
    public async Task Forget_removes_what_restic_would_remove(params string[] policy)
    {
        using var directory = new TempDirectory("forget-case");
        var repository = directory.Combine("repo");
        TestRepositories.CopyDirectory(fixture.Repository, repository);
        var all = TestRepositories.Ids(repository, "snapshots");

        using var restic = new ResticCli(repository, TestRepositories.Password);
        var theirs = RemovedIds((await restic.RunCheckedAsync(["--no-lock", "forget", "--dry-run", "--json", .. policy])).StandardOutput);
        Assert.NotEmpty(theirs);
        Assert.NotEqual(all.Count, theirs.Count);

        var cli = new LifeboatCli(repository, TestRepositories.Password);
        var dryRun = await cli.RunCheckedAsync(["repo", "forget", "--dry-run", "--json", .. policy]);
        Assert.Equal(theirs, RemovedIds(dryRun.StandardOutput.Split('\n')[0]));
        Assert.Equal(all, TestRepositories.Ids(repository, "snapshots"));

        var result = await cli.RunCheckedAsync(["repo", "forget", .. policy]);
        output.WriteLine(result.StandardOutput);
        Assert.Equal(all.Except(theirs).Order(StringComparer.Ordinal), TestRepositories.Ids(repository, "snapshots"));
        Assert.Contains($"removed {theirs.Count} snapshots", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explicit_ids_and_prefixes_remove_exactly_those_snapshots()
    {
        using var directory = new TempDirectory("forget-ids");
        var repository = directory.Combine("repo");
        TestRepositories.CopyDirectory(fixture.Repository, repository);
        var all = TestRepositories.Ids(repository, "snapshots").ToList();

        var cli = new LifeboatCli(repository, TestRepositories.Password);
        Assert.Equal(all, TestRepositories.Ids(repository, "snapshots"));
        await cli.RunCheckedAsync("repo", "forget", "--dry-run", all[3], all[7][..8]);
        Assert.Equal(all, TestRepositories.Ids(repository, "snapshots"));

        await cli.RunCheckedAsync("repo", "forget", all[3], all[7][..8]);
        Assert.Equal(all.Where((_, i) => i is not (3 or 7)), TestRepositories.Ids(repository, "snapshots"));

        var unknown = await cli.RunAsync("repo", "forget", "ffffffff");
        Assert.Equal(1, unknown.ExitCode);
        var both = await cli.RunAsync("repo", "forget", all[0], "--keep-last", "1");
        Assert.Equal(2, both.ExitCode);
        Assert.Equal(all.Count - 2, TestRepositories.Ids(repository, "snapshots").Count);
    }

    [Fact]
    public async Task Forget_with_prune_prunes()
    {
        using var directory = new TempDirectory("forget-prune");
        var repository = directory.Combine("repo");
        TestRepositories.CopyDirectory(fixture.Repository, repository);
        var packs = TestRepositories.Ids(repository, "data");
        var bytes = TestRepositories.PackBytes(repository);

        var result = await new LifeboatCli(repository, TestRepositories.Password).RunCheckedAsync("repo", "forget", "--keep-last", "2", "--prune");
        output.WriteLine(result.StandardOutput + result.StandardError);
        Assert.Equal(4, TestRepositories.Ids(repository, "snapshots").Count); // two per host
        Assert.Contains("done", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(TestRepositories.PackBytes(repository) < bytes);
        Assert.NotEmpty(packs.Except(TestRepositories.Ids(repository, "data")));

        using var restic = new ResticCli(repository, TestRepositories.Password);
        await restic.CheckAsync(readData: true);
    }

    /// <summary>The ids in the "remove" lists of <c>forget --json</c> output (restic's shape, also ours).</summary>
    private static SortedSet<string> RemovedIds(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new SortedSet<string>(
            document.RootElement.EnumerateArray()
                .Where(g => g.GetProperty("remove").ValueKind == JsonValueKind.Array)
                .SelectMany(g => g.GetProperty("remove").EnumerateArray())
                .Select(s => s.GetProperty("id").GetString()!),
            StringComparer.Ordinal);
    }
}
