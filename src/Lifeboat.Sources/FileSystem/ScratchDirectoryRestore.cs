namespace Lifeboat.Sources.FileSystem;

/// <summary>
/// A restore into a scratch directory (a drill): nothing live was replaced. Rollback and disposal
/// remove the directory; after a commit (<c>--keep</c>) disposal leaves it.
/// </summary>
public sealed class ScratchDirectoryRestore(RestoredLocation location, string directory) : RestoreOperation(location)
{
    /// <summary>The directory this restore created and removes.</summary>
    public string Directory { get; } = directory;

    protected override Task CommitCoreAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override Task RollbackCoreAsync(CancellationToken cancellationToken)
    {
        PathSwap.Delete(Directory);
        return Task.CompletedTask;
    }

    protected override Task DisposeCoreAsync(bool committed)
    {
        if (!committed)
        {
            PathSwap.Delete(Directory);
        }

        return Task.CompletedTask;
    }
}
