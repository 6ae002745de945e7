using System.Text.Json;
using System.Text.RegularExpressions;
using Lifeboat.Repository;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// <c>lifeboat repo check</c> as a user runs it: exit code 1 on errors and 0 with only warnings, every
/// problem naming its file in text and in <c>--json</c>, and <c>--read-data-subset</c> reading the same
/// groups of packs restic reads.
/// </summary>
public sealed class CheckCommandTests(CheckFixture fixture) : IClassFixture<CheckFixture>
{
    [Fact]
    public async Task Missing_pack_exits_1_and_the_json_report_names_it()
    {
        using var copy = Copy(out var repository, out var cli);
        var (pack, _) = await Damage.FindPackAsync(repository, BlobType.Data);
        File.Delete(TestRepositories.PackPath(repository, pack));

        var result = await cli.RunAsync("repo", "check", "--json");
        Assert.Equal(1, result.ExitCode);
        var summary = Summary(result);
        Assert.Equal(1, summary.GetProperty("num_errors").GetInt32());
        var problem = Assert.Single(summary.GetProperty("problems").EnumerateArray());
        Assert.Equal("error", problem.GetProperty("severity").GetString());
        Assert.Equal($"data/{pack}", problem.GetProperty("file").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Text_output_names_the_file_and_counts_the_errors()
    {
        using var copy = Copy(out var repository, out var cli);
        var (pack, _) = await Damage.FindPackAsync(repository, BlobType.Data);
        Damage.Truncate(TestRepositories.PackPath(repository, pack), 10);

        var result = await cli.RunAsync("repo", "check");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: data/{pack}: ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("1 errors found", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreferenced_pack_exits_0_with_a_warning()
    {
        using var copy = Copy(out var repository, out var cli);
        var pack = await Damage.AddUnreferencedPackAsync(repository);

        var result = await cli.RunAsync("repo", "check", "--json");
        Assert.Equal(0, result.ExitCode);
        var problem = Assert.Single(Summary(result).GetProperty("problems").EnumerateArray());
        Assert.Equal("warning", problem.GetProperty("severity").GetString());
        Assert.Equal($"data/{pack}", problem.GetProperty("file").GetString());

        result = await cli.RunAsync("repo", "check");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"warning: data/{pack}", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flipped_bit_is_found_by_read_data_only()
    {
        using var copy = Copy(out var repository, out var cli);
        var (pack, blobs) = await Damage.FindPackAsync(repository, BlobType.Data);
        Damage.FlipBit(TestRepositories.PackPath(repository, pack), blobs[^1].Offset + 20);

        Assert.Equal(0, (await cli.RunAsync("repo", "check", "--json")).ExitCode);
        var result = await cli.RunAsync("repo", "check", "--json", "--read-data");
        Assert.Equal(1, result.ExitCode);
        Assert.All(Summary(result).GetProperty("problems").EnumerateArray(), p => Assert.Equal($"data/{pack}", p.GetProperty("file").GetString()));
    }

    [Fact]
    public async Task Read_data_subsets_read_the_groups_restic_reads_and_together_every_pack()
    {
        using var copy = Copy(out var repository, out var cli);
        using var restic = new ResticCli(repository, TestRepositories.Password);
        var packs = TestRepositories.Ids(repository, "data").Count;
        foreach (var total in new[] { 2 })
        {
            var sum = 0;
            for (var n = 1; n <= total; n++)
            {
                var result = await cli.RunAsync("repo", "check", "--json", "--read-data-subset", $"{n}/{total}");
                Assert.Equal(0, result.ExitCode);
                var read = Summary(result).GetProperty("packs_read").GetInt32();
                var theirs = (await restic.RunAsync("--no-lock", "check", "--read-data-subset", $"{n}/{total}")).EnsureSuccess().StandardOutput;
                Assert.Equal(int.Parse(Regex.Match(theirs, @"read group #\d+ of (\d+) data packs").Groups[1].Value), read);
                sum += read;
            }

            Assert.Equal(packs, sum);
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(50)]
    public async Task Read_data_subset_percentage_reads_about_that_share(int percent)
    {
        using var copy = Copy(out var repository, out var cli);
        var packs = TestRepositories.Ids(repository, "data").Count;
        var result = await cli.RunAsync("repo", "check", "--json", "--read-data-subset", $"{percent}%");
        Assert.Equal(0, result.ExitCode);
        var read = Summary(result).GetProperty("packs_read").GetInt32();
        Assert.InRange(read, Math.Max(1, (int)Math.Floor(packs * percent / 100.0)), Math.Max(1, (int)Math.Ceiling(packs * percent / 100.0)));
    }

    [Fact]
    public async Task After_restics_own_prune_of_a_restic_made_repository_our_check_passes()
    {
        using var directory = new TempDirectory("check-restic-prune");
        var repository = directory.Combine("repo");
        TestRepositories.CopyDirectory(fixture.ResticMade, repository);
        using var restic = new ResticCli(repository, TestRepositories.Password);
        var packs = TestRepositories.Ids(repository, "data");
        await restic.RunCheckedAsync("forget", "--keep-last", "1", "--prune", "--max-unused", "0");
        Assert.NotEqual(packs, TestRepositories.Ids(repository, "data"));

        var result = await new LifeboatCli(repository, TestRepositories.Password).RunAsync("repo", "check", "--read-data", "--json");
        Assert.Equal(0, result.ExitCode);
        var summary = Summary(result);
        Assert.Empty(summary.GetProperty("problems").EnumerateArray());
        Assert.Equal(1, summary.GetProperty("snapshots").GetInt32());
        Assert.Equal(TestRepositories.Ids(repository, "data").Count, summary.GetProperty("packs_read").GetInt32());
    }

    [Fact]
    public async Task Invalid_subset_is_a_usage_error()
    {
        using var copy = Copy(out _, out var cli);
        var result = await cli.RunAsync("repo", "check", "--read-data-subset", "3/2");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--read-data-subset", result.StandardError, StringComparison.Ordinal);
    }

    private TempDirectory Copy(out string repository, out LifeboatCli cli)
    {
        var directory = new TempDirectory("check-cli");
        repository = directory.Combine("repo");
        TestRepositories.CopyDirectory(fixture.LifeboatMade, repository);
        cli = new LifeboatCli(repository, TestRepositories.Password);
        return directory;
    }

    /// <summary>The summary line of <c>--json</c> output (status lines may precede it).</summary>
    private static JsonElement Summary(ProcessResult result) =>
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Single(e => e.GetProperty("message_type").GetString() == "summary");
}
