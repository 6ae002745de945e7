using System.Text.RegularExpressions;
using Lifeboat.Repository;
using Lifeboat.Repository.Checking;
using Lifeboat.Testing;
using Xunit.Abstractions;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// Lifeboat's check against restic 0.14's <c>check</c> as the oracle: each fault is inflicted on a
/// fresh copy of a small repository made by Lifeboat and of one made by restic; both checks must agree
/// on success or failure, and ours must name the damaged file. Ours runs in process (the engine's
/// <see cref="Checker"/>, as the CLI runs it) to keep the suite fast; <see cref="CheckCommandTests"/>
/// covers the command itself: exit codes, JSON and text output.
/// </summary>
public sealed class CheckOracleTests(CheckFixture fixture, ITestOutputHelper output) : IClassFixture<CheckFixture>
{
    public static TheoryData<string> Makers => new() { "lifeboat", "restic" };

    [Theory]
    [MemberData(nameof(Makers))]
    public async Task Undamaged_repository_passes_both_checks(string maker)
    {
        using var copy = Copy(maker, out var repository);
        var (restic, ours) = await BothChecksAsync(repository, readData: true);
        Assert.Equal(0, restic.ExitCode);
        Assert.Equal(0, ours.ExitCode);
        Assert.Empty(ours.Problems);
        Assert.Equal(TestRepositories.Ids(repository, "data").Count, ours.PacksRead);
    }

    [Theory]
    [MemberData(nameof(Makers))]
    public async Task Missing_pack_is_an_error_naming_the_pack(string maker)
    {
        using var copy = Copy(maker, out var repository);
        var (pack, _) = await Damage.FindPackAsync(repository, BlobType.Data);
        File.Delete(TestRepositories.PackPath(repository, pack));

        var (restic, ours) = await BothChecksAsync(repository);
        AssertBothFindError(restic, ours, pack, $"data/{pack}");
    }

    [Theory]
    [MemberData(nameof(Makers))]
    public async Task Truncated_pack_is_an_error_naming_the_pack(string maker)
    {
        using var copy = Copy(maker, out var repository);
        var (pack, _) = await Damage.FindPackAsync(repository, BlobType.Data);
        Damage.Truncate(TestRepositories.PackPath(repository, pack), 100);

        var (restic, ours) = await BothChecksAsync(repository);
        AssertBothFindError(restic, ours, pack, $"data/{pack}");
    }

    [Theory]
    [MemberData(nameof(Makers))]
    public async Task Flipped_bit_in_a_blob_passes_the_structure_check_and_fails_read_data(string maker)
    {
        using var copy = Copy(maker, out var repository);
        var (pack, blobs) = await Damage.FindPackAsync(repository, BlobType.Data);
        Damage.FlipBit(TestRepositories.PackPath(repository, pack), blobs[0].Offset + 20);

        var (restic, ours) = await BothChecksAsync(repository);
        Assert.Equal(0, restic.ExitCode);
        Assert.Equal(0, ours.ExitCode);

        (restic, ours) = await BothChecksAsync(repository, readData: true);
        AssertBothFindError(restic, ours, pack, $"data/{pack}");
    }

    [Theory]
    [MemberData(nameof(Makers))]
    public async Task Flipped_bit_in_a_pack_header_is_found_by_the_header_check_and_by_read_data(string maker)
    {
        // Deliberately stricter than restic 0.14, whose structure check never reads pack headers: the
        // spec has ours compare every header with the index. With --read-data both find it.
        using var copy = Copy(maker, out var repository);
        var (pack, _) = await Damage.FindPackAsync(repository, BlobType.Data);
        Damage.FlipBit(TestRepositories.PackPath(repository, pack), -10);

        var (restic, ours) = await BothChecksAsync(repository);
        Assert.Equal(0, restic.ExitCode);
        AssertNamesError(ours, $"data/{pack}");

        (restic, ours) = await BothChecksAsync(repository, readData: true);
        AssertBothFindError(restic, ours, pack, $"data/{pack}");
    }

    [Theory]
    [MemberData(nameof(Makers))]
    public async Task Missing_index_entry_is_an_error_naming_the_snapshots_and_the_pack(string maker)
    {
        using var copy = Copy(maker, out var repository);
        var (pack, _) = await Damage.FindPackAsync(repository, BlobType.Data);
        await Damage.DropFromIndexAsync(repository, pack);
        var snapshots = TestRepositories.Ids(repository, "snapshots");

        var (restic, ours) = await BothChecksAsync(repository);
        Assert.Equal(1, restic.ExitCode);
        Assert.Equal(1, ours.ExitCode);
        Assert.All(ours.Problems.Where(p => p.IsError), p => Assert.Contains(p.File["snapshots/".Length..], snapshots));
        Assert.Contains(ours.Problems, p => p.File == $"data/{pack}" && !p.IsError);
        Assert.Contains(pack, restic.Output, StringComparison.Ordinal);

        // The same blobs are missing for both.
        var theirs = Regex.Matches(restic.Output, "blob ([0-9a-f]{64}) not found in index").Select(m => m.Groups[1].Value).ToHashSet();
        var missing = ours.Problems.Where(p => p.IsError).Select(p => Regex.Match(p.Message, "data blob ([0-9a-f]{64}) is not in the index").Groups[1].Value).ToHashSet();
        Assert.NotEmpty(theirs);
        Assert.Equal(theirs.Order(), missing.Order());
    }

    [Theory]
    [MemberData(nameof(Makers))]
    public async Task Dangling_tree_reference_is_an_error_naming_the_snapshot(string maker)
    {
        using var copy = Copy(maker, out var repository);
        var (snapshot, missingTree) = await Damage.AddDanglingTreeAsync(repository);

        var (restic, ours) = await BothChecksAsync(repository);
        AssertBothFindError(restic, ours, missingTree[..8], $"snapshots/{snapshot}");
        Assert.Contains(ours.Problems, p => p.Message.Contains(missingTree, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Makers))]
    public async Task Damaged_snapshot_file_is_an_error_naming_it(string maker)
    {
        using var copy = Copy(maker, out var repository);
        var snapshot = await Damage.FirstSnapshotAsync(repository);
        Damage.FlipBit(Path.Combine(repository, "snapshots", snapshot), 40);

        var (restic, ours) = await BothChecksAsync(repository);
        AssertBothFindError(restic, ours, snapshot[..8], $"snapshots/{snapshot}");
    }

    [Theory]
    [MemberData(nameof(Makers))]
    public async Task Damaged_index_file_is_an_error_naming_it(string maker)
    {
        using var copy = Copy(maker, out var repository);
        var index = TestRepositories.Ids(repository, "index").First();
        Damage.FlipBit(Path.Combine(repository, "index", index), 40);

        var (restic, ours) = await BothChecksAsync(repository);
        AssertBothFindError(restic, ours, index[..8], $"index/{index}");
    }

    [Theory]
    [MemberData(nameof(Makers))]
    public async Task Unreferenced_pack_is_a_warning_and_exit_code_0(string maker)
    {
        using var copy = Copy(maker, out var repository);
        var pack = await Damage.AddUnreferencedPackAsync(repository);

        var (restic, ours) = await BothChecksAsync(repository);
        Assert.Equal(0, restic.ExitCode);
        Assert.Contains(pack[..8], restic.Output, StringComparison.Ordinal);
        Assert.Equal(0, ours.ExitCode);
        var problem = Assert.Single(ours.Problems);
        Assert.Equal($"data/{pack}", problem.File);
        Assert.False(problem.IsError);
    }

    private TempDirectory Copy(string maker, out string repository)
    {
        var directory = new TempDirectory("check-case");
        repository = directory.Combine("repo");
        TestRepositories.CopyDirectory(fixture.Template(maker), repository);
        return directory;
    }

    private async Task<(ResticOutcome Restic, OurOutcome Ours)> BothChecksAsync(string repository, bool readData = false)
    {
        string[] extra = readData ? ["--read-data"] : [];
        using var restic = new ResticCli(repository, TestRepositories.Password);
        var theirs = await restic.RunAsync(["--no-lock", "check", .. extra], ProcessOptions.Default);
        output.WriteLine($"restic check {string.Join(' ', extra)} -> {theirs.ExitCode}\n{theirs.StandardOutput}{theirs.StandardError}");

        await using var opened = await TestRepositories.OpenAsync(repository, loadIndex: false);
        var result = await new Checker(opened).CheckAsync(new CheckOptions { ReadAll = readData });
        var ours = new OurOutcome(
            result.HasErrors ? 1 : 0,
            result.ErrorCount,
            result.PacksRead,
            [.. result.Problems.Select(p => new OurProblem(p.File, p.Message, p.IsError))]);
        output.WriteLine($"lifeboat check {string.Join(' ', extra)} -> {ours.ExitCode}\n{string.Join('\n', ours.Problems)}");
        return (new ResticOutcome(theirs.ExitCode, theirs.StandardOutput + theirs.StandardError), ours);
    }

    private static void AssertBothFindError(ResticOutcome restic, OurOutcome ours, string resticMentions, string oursNames)
    {
        Assert.Equal(1, restic.ExitCode);
        Assert.Contains(resticMentions, restic.Output, StringComparison.Ordinal);
        AssertNamesError(ours, oursNames);
    }

    private static void AssertNamesError(OurOutcome ours, string file)
    {
        Assert.Equal(1, ours.ExitCode);
        Assert.Contains(ours.Problems, p => p.IsError && p.File == file);
        Assert.Equal(ours.Problems.Count(p => p.IsError), ours.ErrorCount);
        Assert.All(ours.Problems, p => Assert.Matches("^(data|index|snapshots|keys)/[0-9a-f]{64}$|^config$", p.File));
    }

    private sealed record ResticOutcome(int ExitCode, string Output);

    private sealed record OurProblem(string File, string Message, bool IsError);

    /// <summary>What our check found, and the exit code the CLI maps it to.</summary>
    private sealed record OurOutcome(int ExitCode, int ErrorCount, int PacksRead, List<OurProblem> Problems);
}
