using System.Text.Json;
using Lifeboat.Repository;
using Lifeboat.Testing;
using Xunit.Abstractions;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// <c>lifeboat repo prune</c> on 24 daily snapshots of a changing corpus with every other one forgotten:
/// restic's <c>check --read-data</c> passes afterwards, every remaining snapshot restores as before (read
/// through the engine, and restored by restic), the repository shrinks, a second prune does nothing,
/// <c>--dry-run</c> changes nothing, <c>--max-unused 0%</c> leaves no unused blob; and prune refuses,
/// deleting nothing, when it cannot know what is used.
/// </summary>
[Collection(PruneHistoryCollection.Name)]
public sealed class PruneCommandTests(PruneHistoryFixture history, ITestOutputHelper output)
{
    [Fact]
    public async Task Prune_keeps_every_snapshot_intact_shrinks_the_repository_and_a_second_prune_does_nothing()
    {
        using var directory = history.NewDirectory("prune");
        var repository = Copy(directory);
        var cli = new LifeboatCli(repository, TestRepositories.Password);
        var before = TestRepositories.PackBytes(repository);

        var summary = Summary(await cli.RunCheckedAsync("repo", "prune", "--json"));
        Assert.True(summary.GetProperty("packs_deleted").GetInt32() > 0, "whole packs of forgotten data are deleted");
        Assert.True(summary.GetProperty("packs_repacked").GetInt32() > 0, "partly used packs are repacked");
        Assert.True(TestRepositories.PackBytes(repository) < before, "the repository got smaller");

        using var restic = new ResticCli(repository, TestRepositories.Password);
        await restic.CheckAsync(readData: true);
        await SnapshotDigests.AssertUnchangedAsync(repository, history.KeptDigests);
        foreach (var snapshot in new[] { history.Kept[0], history.Kept[^1] })
        {
            using var target = new TempDirectory("prune-restore");
            await restic.RestoreAsync(snapshot, target.Path);
            Assert.Equal(history.States[snapshot], Corpus.State(history.RestoredCorpus(target.Path)));
        }

        var files = TestRepositories.ListFiles(repository);
        summary = Summary(await cli.RunCheckedAsync("repo", "prune", "--json"));
        Assert.Equal(0, summary.GetProperty("packs_deleted").GetInt32());
        Assert.Equal(0, summary.GetProperty("packs_repacked").GetInt32());
        Assert.Equal(0, summary.GetProperty("bytes_freed").GetInt64());
        Assert.Equal(files, TestRepositories.ListFiles(repository));
    }

    [Fact]
    public async Task Dry_run_reports_the_plan_and_changes_nothing()
    {
        using var directory = history.NewDirectory("prune");
        var repository = Copy(directory);
        var files = TestRepositories.ListFiles(repository);

        var result = await new LifeboatCli(repository, TestRepositories.Password).RunCheckedAsync("repo", "prune", "--dry-run", "--json");
        var summary = Summary(result);
        Assert.True(summary.GetProperty("dry_run").GetBoolean());
        Assert.True(summary.GetProperty("packs_deleted").GetInt32() > 0);
        Assert.True(summary.GetProperty("bytes_freed").GetInt64() > 0);
        Assert.Equal(files, TestRepositories.ListFiles(repository));
        Assert.Empty(TestRepositories.Ids(repository, "locks"));
    }

    [Fact]
    public async Task Max_unused_0_leaves_no_unused_blob()
    {
        using var directory = history.NewDirectory("prune");
        var repository = Copy(directory);
        Assert.NotEmpty(await UsedBlobs.UnusedEntriesAsync(repository));

        await new LifeboatCli(repository, TestRepositories.Password).RunCheckedAsync("repo", "prune", "--max-unused", "0%");
        Assert.Empty(await UsedBlobs.UnusedEntriesAsync(repository));
        await using (var opened = await TestRepositories.OpenAsync(repository))
        {
            Assert.Equal(TestRepositories.Ids(repository, "data"), new SortedSet<string>(opened.Index.Packs().Select(p => p.ToString()), StringComparer.Ordinal));
        }

        using var restic = new ResticCli(repository, TestRepositories.Password);
        await restic.CheckAsync(readData: true);
        await SnapshotDigests.AssertUnchangedAsync(repository, history.KeptDigests);
    }

    public static TheoryData<string> Faults => new()
    {
        "damaged tree", "missing used pack", "damaged snapshot file", "damaged index file", "data directory replaced by a file",
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Prune_refuses_and_deletes_nothing_when_it_cannot_know_what_is_used(string fault)
    {
        using var directory = history.NewDirectory("prune-refuse");
        var repository = Copy(directory);
        switch (fault)
        {
            case "damaged tree":
                var treePack = await Damage.RootTreePackAsync(repository);
                Damage.FlipBit(TestRepositories.PackPath(repository, treePack), 20);
                break;
            case "missing used pack":
                var (dataPack, _) = await Damage.FindPackAsync(repository, BlobType.Data);
                File.Delete(TestRepositories.PackPath(repository, dataPack));
                break;
            case "damaged snapshot file":
                Damage.FlipBit(Path.Combine(repository, "snapshots", history.Kept[3]), 30);
                break;
            case "damaged index file":
                Damage.FlipBit(Path.Combine(repository, "index", TestRepositories.Ids(repository, "index").First()), 30);
                break;
            case "data directory replaced by a file":
                var (usedPack, _) = await Damage.FindPackAsync(repository, BlobType.Data);
                var prefix = Path.Combine(repository, "data", usedPack[..2]);
                Directory.Delete(prefix, recursive: true);
                await File.WriteAllTextAsync(prefix, "not a directory");
                break;
        }

        var files = TestRepositories.ListFiles(repository);
        var result = await new LifeboatCli(repository, TestRepositories.Password).RunAsync("repo", "prune");
        output.WriteLine($"{result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error:", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(files, TestRepositories.ListFiles(repository));
        Assert.Empty(TestRepositories.Ids(repository, "locks"));
    }

    [Fact]
    public async Task Prune_refuses_and_deletes_nothing_when_the_pack_listing_fails()
    {
        Assert.True(UnixUser.IsRoot, "this test runs as root (as CI does): it makes a data directory unreadable for 'nobody'");
        using var directory = history.NewDirectory("prune-listing");
        var repository = Copy(directory);
        var nobody = UnixUser.Get("nobody");
        nobody.TakeOwnership(directory.Path);
        File.SetUnixFileMode(directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var (pack, _) = await Damage.FindPackAsync(repository, BlobType.Data);
        var unreadable = Path.Combine(repository, "data", pack[..2]);
        File.SetUnixFileMode(unreadable, UnixFileMode.None);
        var files = TestRepositories.ListFiles(repository);

        var cli = new LifeboatCli(repository, TestRepositories.Password);
        var result = await cli.RunAsync(["repo", "prune"], new ProcessOptions { User = "nobody" });
        output.WriteLine($"{result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("cannot list", result.StandardError, StringComparison.Ordinal);
        File.SetUnixFileMode(unreadable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal(files, TestRepositories.ListFiles(repository));
    }

    private string Copy(TempDirectory directory)
    {
        var repository = directory.Combine("repo");
        TestRepositories.CopyDirectory(history.Forgotten, repository);
        return repository;
    }

    private static JsonElement Summary(ProcessResult result) =>
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Single(e => e.GetProperty("message_type").GetString() == "summary");
}
