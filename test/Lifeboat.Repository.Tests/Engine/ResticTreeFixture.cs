using Lifeboat.Testing;
using Lifeboat.Testing.Trees;

namespace Lifeboat.Repository.Tests.Engine;

/// <summary>
/// The edge-case tree, backed up by the real restic into a repository of <see cref="Version"/>, and
/// restored by restic: the oracle a Lifeboat restore must match. Made once per test class.
/// </summary>
public abstract class ResticTreeFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";

    private readonly TempDirectory _directory = new("engine-restic");

    protected abstract int Version { get; }

    public GeneratedTree Tree { get; private set; } = null!;

    public string RepositoryPath => _directory.Combine("repo");

    /// <summary>Where <c>restic restore</c> put the snapshot.</summary>
    public string ResticRestore => _directory.Combine("restic-restore");

    public string SnapshotId { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Tree = TreeGenerator.Create(_directory.Combine("tree"));
        using var restic = new ResticCli(RepositoryPath, Password);
        await restic.InitAsync(Version);
        SnapshotId = await restic.BackupAsync(Tree.Root);
        await restic.RestoreAsync(SnapshotId, ResticRestore);
    }

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
