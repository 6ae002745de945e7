namespace Lifeboat.Sources.FileSystem;

/// <summary>A restore over a live file or directory through a <see cref="PathSwap"/>.</summary>
public sealed class PathSwapRestore(RestoredLocation location, PathSwap swap) : RestoreOperation(location)
{
    /// <summary>Runs before the swap is undone (a files source moves the live excluded paths it carried back first).</summary>
    public Action? BeforeRollback { get; init; }

    protected override Task CommitCoreAsync(CancellationToken cancellationToken)
    {
        swap.Commit();
        return Task.CompletedTask;
    }

    protected override Task RollbackCoreAsync(CancellationToken cancellationToken)
    {
        BeforeRollback?.Invoke();
        swap.Rollback();
        return Task.CompletedTask;
    }
}
