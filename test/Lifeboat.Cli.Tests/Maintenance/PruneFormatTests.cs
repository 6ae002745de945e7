using System.Globalization;
using Lifeboat.Repository;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Storage.Local;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// Forget and prune on repositories the prune history does not cover: one in format version 1
/// (uncompressed) made by Lifeboat, one made by restic. Afterwards restic's <c>check --read-data</c>
/// passes and the remaining snapshots restore as before.
/// </summary>
public sealed class PruneFormatTests
{
    [Theory]
    [InlineData("lifeboat, version 1")]
    [InlineData("restic, version 2")]
    public async Task Forget_and_prune_keep_the_remaining_snapshots_intact(string kind)
    {
        using var directory = new TempDirectory("prune-format");
        var repository = directory.Combine("repo");
        var corpus = new Corpus(directory.Combine("corpus"), seed: 11);
        corpus.Create(small: true);
        using var restic = new ResticCli(repository, TestRepositories.Password);
        if (kind.StartsWith("restic", StringComparison.Ordinal))
        {
            TestRepositories.CreateResticSkeleton(repository);
        }
        else
        {
            await (await RepositoryInitializer.InitAsync(new LocalBackend(repository), TestRepositories.Password, 1, TestRepositories.CheapKdf)).DisposeAsync();
        }

        await using (var opened = await TestRepositories.OpenAsync(repository))
        {
            Snapshot? parent = null;
            for (var day = 0; day < 4; day++)
            {
                corpus.Change();
                var time = new DateTimeOffset(2026, 4, 1 + day, 9, 0, 0, TimeSpan.Zero);
                if (kind.StartsWith("restic", StringComparison.Ordinal))
                {
                    await restic.BackupAsync(corpus.Root, "--time", time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                }
                else
                {
                    parent = await EngineBackup.RunAsync(opened, corpus.Root, time, parent);
                }
            }
        }

        var packs = TestRepositories.Ids(repository, "data");
        var cli = new LifeboatCli(repository, TestRepositories.Password);
        await cli.RunCheckedAsync("repo", "forget", "--keep-last", "2");
        SortedDictionary<string, string> digests;
        await using (var opened = await TestRepositories.OpenAsync(repository))
        {
            digests = await SnapshotDigests.OfAllAsync(opened);
        }

        await cli.RunCheckedAsync("repo", "prune", "--max-unused", "0%");
        Assert.NotEqual(packs, TestRepositories.Ids(repository, "data"));
        await restic.CheckAsync(readData: true);
        await SnapshotDigests.AssertUnchangedAsync(repository, digests);
        Assert.Empty(await UsedBlobs.UnusedEntriesAsync(repository));
    }
}
