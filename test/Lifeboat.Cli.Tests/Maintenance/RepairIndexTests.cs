using Lifeboat.Repository;
using Lifeboat.Testing;
using Xunit.Abstractions;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// <c>lifeboat repo repair index</c> rebuilds the index from the packs' headers: after the index files
/// are lost or one is damaged, the rebuilt index names every blob where it was, restic's
/// <c>check --read-data</c> passes and every snapshot restores as before; a pack with a damaged header
/// is reported, and indexed as a readable index file describes it (left out when none does).
/// </summary>
[Collection(PruneHistoryCollection.Name)]
public sealed class RepairIndexTests(PruneHistoryFixture history, ITestOutputHelper output)
{
    [Theory]
    [InlineData("all index files deleted")]
    [InlineData("an index file damaged")]
    public async Task Repaired_index_names_every_blob_and_every_snapshot_restores(string fault)
    {
        using var directory = history.NewDirectory("repair");
        var repository = directory.Combine("repo");
        TestRepositories.CopyDirectory(history.Forgotten, repository);
        var entries = await IndexEntriesAsync(repository);
        var indexFiles = TestRepositories.Ids(repository, "index");
        if (fault == "all index files deleted")
        {
            Directory.Delete(Path.Combine(repository, "index"), recursive: true);
            Directory.CreateDirectory(Path.Combine(repository, "index"));
        }
        else
        {
            Damage.FlipBit(Path.Combine(repository, "index", indexFiles.First()), 50);
        }

        var result = await new LifeboatCli(repository, TestRepositories.Password).RunAsync("repo", "repair", "index");
        output.WriteLine(result.StandardOutput + result.StandardError);
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(TestRepositories.Ids(repository, "index").Intersect(indexFiles));
        Assert.Equal(entries, await IndexEntriesAsync(repository));

        using var restic = new ResticCli(repository, TestRepositories.Password);
        await restic.CheckAsync(readData: true);
        await SnapshotDigests.AssertUnchangedAsync(repository, history.KeptDigests);
        using var target = new TempDirectory("repair-restore");
        await restic.RestoreAsync(history.Kept[^1], target.Path);
        Assert.Equal(history.States[history.Kept[^1]], Corpus.State(history.RestoredCorpus(target.Path)));
    }

    [Fact]
    public async Task Restic_made_repository_is_repaired_too()
    {
        using var directory = history.NewDirectory("repair-restic");
        var repository = directory.Combine("repo");
        TestRepositories.CreateResticSkeleton(repository);
        using var restic = new ResticCli(repository, TestRepositories.Password);
        var snapshot = await restic.BackupAsync(history.CorpusPath);
        var entries = await IndexEntriesAsync(repository);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(repository, "index")))
        {
            File.Delete(file);
        }

        (await new LifeboatCli(repository, TestRepositories.Password).RunAsync("repo", "repair", "index")).EnsureSuccess();
        Assert.Equal(entries, await IndexEntriesAsync(repository));
        await restic.CheckAsync(readData: true);
        using var target = new TempDirectory("repair-restore");
        await restic.RestoreAsync(snapshot, target.Path);
        Assert.Equal(Corpus.State(history.CorpusPath), Corpus.State(Path.Combine(target.Path, history.CorpusPath.TrimStart('/'))));
    }

    [Fact]
    public async Task Pack_with_a_damaged_header_is_reported_and_left_out()
    {
        using var directory = history.NewDirectory("repair-damaged");
        var repository = directory.Combine("repo");
        TestRepositories.CopyDirectory(history.Forgotten, repository);
        var (pack, _) = await Damage.FindPackAsync(repository, BlobType.Data);
        Damage.FlipBit(TestRepositories.PackPath(repository, pack), -10);
        var entries = (await IndexEntriesAsync(repository)).Where(e => !e.StartsWith(pack, StringComparison.Ordinal)).ToList();
        Directory.Delete(Path.Combine(repository, "index"), recursive: true);

        var result = await new LifeboatCli(repository, TestRepositories.Password).RunAsync("repo", "repair", "index");
        output.WriteLine(result.StandardOutput + result.StandardError);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"data/{pack}", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(entries, await IndexEntriesAsync(repository));
    }

    [Fact]
    public async Task Pack_with_a_damaged_header_keeps_the_entries_a_readable_index_file_has()
    {
        // Only the header is damaged: its blobs are intact, and the index still describes them. A repair
        // must not turn them into lost data (restic's rebuild-index keeps them too).
        using var directory = history.NewDirectory("repair-keep");
        var repository = directory.Combine("repo");
        TestRepositories.CopyDirectory(history.Forgotten, repository);
        var entries = await IndexEntriesAsync(repository);
        var (pack, _) = await Damage.FindPackAsync(repository, BlobType.Data);
        Damage.FlipBit(TestRepositories.PackPath(repository, pack), -10);

        var result = await new LifeboatCli(repository, TestRepositories.Password).RunAsync("repo", "repair", "index");
        output.WriteLine(result.StandardOutput + result.StandardError);
        Assert.Contains($"data/{pack}", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(entries, await IndexEntriesAsync(repository));
        await SnapshotDigests.AssertUnchangedAsync(repository, history.KeptDigests);
        using var restic = new ResticCli(repository, TestRepositories.Password);
        await restic.CheckAsync();
    }

    /// <summary>"pack type blob offset length uncompressed" for every index entry, sorted.</summary>
    private static async Task<List<string>> IndexEntriesAsync(string repositoryPath)
    {
        await using var repository = await TestRepositories.OpenAsync(repositoryPath);
        return [.. repository.Index.BlobsByPack()
            .SelectMany(p => p.Value.Select(b => $"{p.Key} {b.Type} {b.Id} {b.Offset} {b.Length} {b.UncompressedLength}"))
            .Order(StringComparer.Ordinal)];
    }
}
