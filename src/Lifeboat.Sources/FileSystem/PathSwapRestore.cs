namespace Lifeboat.Sources.FileSystem;

/// <summary>A restore over a live file or directory through a <see cref="PathSwap"/>.</summary>
public sealed class PathSwapRestore(RestoredLocation location, PathSwap swap) : RestoreOperation(location)
{
    protected override Task CommitCoreAsync(CancellationToken cancellationToken)
    {
        swap.Commit();
        return Task.CompletedTask;
    }

    protected override Task RollbackCoreAsync(CancellationToken cancellationToken)
    {
        swap.Rollback();
        return Task.CompletedTask;
    }
}
