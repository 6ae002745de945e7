using Lifeboat.Repository.Archiver;
using Lifeboat.Repository.Crypto;
using Lifeboat.Repository.Maintenance;
using Lifeboat.Storage;
using Lifeboat.Storage.Local;
using Lifeboat.Testing;

namespace Lifeboat.Repository.Tests.Maintenance;

public sealed class PrunerSafetyTests
{
    [Fact]
    public async Task Prune_of_a_repository_that_lost_its_snapshots_refuses_and_deletes_nothing()
    {
        using var directory = new TempDirectory("prune-no-snapshots");
        var source = directory.CreateDirectory("data");
        await File.WriteAllBytesAsync(Path.Combine(source, "file.bin"), new byte[100_000]);
        var backend = new LocalBackend(directory.Combine("repo"));
        await using var repository = await RepositoryInitializer.InitAsync(backend, "pw", kdf: new KdfParameters(1024, 8, 1));
        await new Archiver.Archiver(repository, new BackupOptions { SnapshotPaths = [source] })
            .BackupAsync([new BackupItem.Path(["data"], source, RealParents: false)]);
        Directory.Delete(directory.Combine("repo", "snapshots"), recursive: true);
        var packs = await backend.ListAsync(FileType.Pack).CountAsync();

        var error = await Assert.ThrowsAsync<RepositoryException>(() => new Pruner(repository).PruneAsync(new PruneOptions()));

        Assert.Contains("no snapshots", error.Message);
        Assert.Contains("--unsafe-allow-remove-all", error.Hint);
        Assert.Equal(packs, await backend.ListAsync(FileType.Pack).CountAsync());

        var plan = await new Pruner(repository).PruneAsync(new PruneOptions { AllowRemoveAll = true });
        Assert.True(plan.Done);
        Assert.Equal(0, await backend.ListAsync(FileType.Pack).CountAsync());
    }
}
