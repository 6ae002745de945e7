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

    [Fact]
    public async Task Max_unused_unlimited_deletes_whole_unused_packs_only()
    {
        using var directory = history.NewDirectory("prune");
        var repository = Copy(directory);

        var result = await new LifeboatCli(repository, TestRepositories.Password).RunAsync("repo", "prune", "--max-unused", "unlimited", "--json");
        output.WriteLine(result.StandardOutput + result.StandardError);
        Assert.Equal(0, result.ExitCode);
        var summary = Summary(result);
        Assert.True(summary.GetProperty("packs_deleted").GetInt32() > 0);
        Assert.True(summary.GetProperty("unused_bytes_after").GetInt64() > 0, "partly used packs keep their unused blobs");
        using var restic = new ResticCli(repository, TestRepositories.Password);
        await restic.CheckAsync(readData: true);
        await SnapshotDigests.AssertUnchangedAsync(repository, history.KeptDigests);
    }

    [Fact]
    public async Task Duplicate_blobs_are_kept_once_and_nothing_is_lost()
    {
        // Every blob of the newest snapshot stored a second time, by a writer that did not know the index.
        using var directory = history.NewDirectory("prune-duplicates");
        var repository = Copy(directory);
        await using (var reader = await TestRepositories.OpenAsync(repository))
        await using (var blind = await TestRepositories.OpenAsync(repository, loadIndex: false))
        {
            var snapshot = (await reader.LoadSnapshotsAsync())[^1];
            var used = await UsedBlobs.FindAsync(reader, [snapshot]);
            await using var writer = new RepositoryWriter(blind);
            foreach (var (type, id) in used)
            {
                await writer.AddBlobAsync(type, id, await reader.LoadBlobAsync(type, id));
            }

            await writer.FlushAsync();
        }

        var duplicates = await UsedBlobs.UnusedEntriesAsync(repository);
        await new LifeboatCli(repository, TestRepositories.Password).RunCheckedAsync("repo", "prune", "--max-unused", "0%");
        Assert.Empty(await UsedBlobs.UnusedEntriesAsync(repository));
        using var restic = new ResticCli(repository, TestRepositories.Password);
        await restic.CheckAsync(readData: true);
        await SnapshotDigests.AssertUnchangedAsync(repository, history.KeptDigests);
        Assert.NotEmpty(duplicates);
    }

    [Fact]
    public async Task Damaged_blob_in_a_pack_to_repack_stops_prune_before_it_deletes_anything()
    {
        using var directory = history.NewDirectory("prune-damaged-blob");
        var repository = Copy(directory);
        string pack;
        uint offset;
        await using (var opened = await TestRepositories.OpenAsync(repository))
        {
            // A data blob of the newest snapshot in a small pack: small packs are merged, so it is repacked.
            var used = await UsedBlobs.FindAsync(opened, [(await opened.LoadSnapshotsAsync())[^1]]);
            (pack, offset) = used.Where(u => u.Item1 == BlobType.Data)
                .Select(u => opened.Index.TryGet(BlobType.Data, u.Item2, out var packId, out var blob) ? (packId.ToString(), blob.Offset) : default)
                .First(p => new FileInfo(TestRepositories.PackPath(repository, p.Item1)).Length < 1024 * 1024);
        }

        Damage.FlipBit(TestRepositories.PackPath(repository, pack), offset + 20);
        var files = TestRepositories.ListFiles(repository);
        var result = await new LifeboatCli(repository, TestRepositories.Password).RunAsync("repo", "prune");
        output.WriteLine($"{result.ExitCode}\n{result.StandardOutput}{result.StandardError}");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(pack, result.StandardError, StringComparison.Ordinal);
        Assert.Subset(TestRepositories.ListFiles(repository), files);
        using var restic = new ResticCli(repository, TestRepositories.Password);
        await restic.CheckAsync();
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

    [Fact]
    public async Task Prune_removes_temporary_files_an_interrupted_backup_left_a_day_ago_and_keeps_recent_ones()
    {
        using var directory = history.NewDirectory("prune-staged");
        var repository = Copy(directory);
        var tmp = Path.Combine(repository, "tmp");
        Directory.CreateDirectory(tmp);
        var abandoned = Path.Combine(tmp, "pack-0123456789abcdef");
        var recent = Path.Combine(tmp, "pack-fedcba9876543210");
        await File.WriteAllBytesAsync(abandoned, new byte[4096]);
        await File.WriteAllBytesAsync(recent, new byte[4096]);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddDays(-2));

        var dryRun = Summary(await new LifeboatCli(repository, TestRepositories.Password).RunCheckedAsync("repo", "prune", "--dry-run", "--json"));
        Assert.True(File.Exists(abandoned), "a dry run removes nothing");
        Assert.Equal(0, dryRun.GetProperty("staged_files_removed").GetInt32());

        var summary = Summary(await new LifeboatCli(repository, TestRepositories.Password).RunCheckedAsync("repo", "prune", "--json"));

        Assert.Equal(1, summary.GetProperty("staged_files_removed").GetInt32());
        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(recent), "a file written recently may belong to a backup that is running");
        using var restic = new ResticCli(repository, TestRepositories.Password);
        await restic.CheckAsync(readData: false);
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
