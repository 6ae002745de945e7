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

/// <summary>The staged restore of a kind that loads nothing ahead: applying it is the whole restore.</summary>
internal sealed class DeferredRestore(IDataSource source, SourceRestoreContext context) : IStagedRestore
{
    private bool _applied;

    public Task<ISourceRestore> ApplyAsync(CancellationToken cancellationToken = default)
    {
        if (_applied)
        {
            throw new InvalidOperationException("the restore was applied already");
        }

        _applied = true;
        return source.RestoreAsync(context, cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
