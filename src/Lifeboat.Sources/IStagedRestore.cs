namespace Lifeboat.Sources;

/// <summary>
/// A restore loaded beside the data it is to replace (see <see cref="IDataSource.StageAsync"/>), not
/// yet in place. <see cref="ApplyAsync"/> puts it in place, once; disposing a staged restore that was
/// not applied removes what was loaded, and leaves the data it was to replace as it is.
/// </summary>
public interface IStagedRestore : IAsyncDisposable
{
    /// <summary>Puts the loaded data in place and returns the restore to commit or roll back.</summary>
    /// <exception cref="InvalidOperationException">Called twice.</exception>
    Task<ISourceRestore> ApplyAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// What every staged restore does alike: <see cref="ApplyCoreAsync"/> runs once; disposing discards what
/// was loaded unless it was applied (an apply that failed counts as not applied: the swaps are all or none).
/// </summary>
internal abstract class StagedRestore : IStagedRestore
{
    private bool _applying;
    private bool _applied;

    public async Task<ISourceRestore> ApplyAsync(CancellationToken cancellationToken = default)
    {
        if (_applying)
        {
            throw new InvalidOperationException("the restore was applied already");
        }

        _applying = true;
        var restore = await ApplyCoreAsync(cancellationToken);
        _applied = true;
        return restore;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_applied)
            {
                await DiscardAsync();
            }
        }
        finally
        {
            await ReleaseAsync();
        }
    }

    /// <summary>Puts what was loaded in place.</summary>
    protected abstract Task<ISourceRestore> ApplyCoreAsync(CancellationToken cancellationToken);

    /// <summary>Removes what was loaded (never applied, or the apply failed).</summary>
    protected abstract ValueTask DiscardAsync();

    /// <summary>Releases what the staged restore holds (a connection), applied or not.</summary>
    protected virtual ValueTask ReleaseAsync() => ValueTask.CompletedTask;
}

/// <summary>The staged restore of a kind that loads nothing ahead: applying it is the whole restore.</summary>
internal sealed class DeferredRestore(IDataSource source, SourceRestoreContext context) : StagedRestore
{
    protected override Task<ISourceRestore> ApplyCoreAsync(CancellationToken cancellationToken) => source.RestoreAsync(context, cancellationToken);

    protected override ValueTask DiscardAsync() => ValueTask.CompletedTask;
}

/// <summary>A restore done in full while staging (a scratch copy): applying it hands it over; disposing it unapplied removes it.</summary>
internal sealed class LoadedRestore(ISourceRestore restore) : StagedRestore
{
    protected override Task<ISourceRestore> ApplyCoreAsync(CancellationToken cancellationToken) => Task.FromResult(restore);

    protected override ValueTask DiscardAsync() => restore.DisposeAsync();
}
