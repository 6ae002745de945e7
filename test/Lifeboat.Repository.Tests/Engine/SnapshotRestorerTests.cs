using Lifeboat.Repository.Restorer;
using Lifeboat.Storage.Local;
using Lifeboat.Testing;
using Lifeboat.Testing.Trees;

namespace Lifeboat.Repository.Tests.Engine;

/// <summary>
/// Engine I against the oracle: a snapshot restic wrote of the edge-case tree, restored in-process by
/// <see cref="SnapshotRestorer"/>, is identical to what <c>restic restore</c> makes of it (content,
/// modes, times of files, directories and symlinks, empty directories, hard links, owners).
/// </summary>
public abstract class SnapshotRestorerTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ResticTreeFixture
{
    [Fact]
    public async Task Restore_of_restic_written_snapshot_is_identical_to_restic_restore()
    {
        using var target = new TempDirectory("engine-restore");
        await using var repository = await Repository.OpenAsync(new LocalBackend(fixture.RepositoryPath), ResticTreeFixture.Password);
        await repository.LoadIndexAsync();
        var snapshot = Assert.Single(await repository.LoadSnapshotsAsync());
        Assert.Equal(fixture.SnapshotId, snapshot.Id.ToString());

        var result = await new SnapshotRestorer(repository, new RestoreOptions { Target = target.Path }).RestoreAsync(snapshot);

        Assert.Empty(result.Errors);
        DirectoryComparer.AssertIdentical(fixture.ResticRestore, target.Path);
        Assert.Equal(fixture.Tree.FileBytes, result.Bytes);
    }
}
