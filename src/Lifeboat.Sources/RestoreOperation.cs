namespace Lifeboat.Sources;

/// <summary>
/// The state machine every source's restore shares. An applied restore is either committed or rolled
/// back, once; both are idempotent, and the other one afterwards is an error. Disposing a restore that
/// was neither rolls it back (in place and into a database: like an unfinished transaction, an
/// interrupted restore never stays half done) or, for a scratch copy, removes it. Committing a scratch
/// restore keeps the copy (<c>drill --keep</c>): disposing it then leaves it in place.
/// </summary>
public abstract class RestoreOperation : ISourceRestore
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private State _state;

    protected RestoreOperation(RestoredLocation location)
    {
        Location = location;
    }

    private enum State
    {
        Applied,
        Committed,
        RolledBack,
        Disposed,
    }

    public RestoredLocation Location { get; }

    public bool IsCommitted => _state == State.Committed;

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            switch (_state)
            {
                case State.Committed:
                    return;
                case State.Applied:
                    await CommitCoreAsync(cancellationToken);
                    _state = State.Committed;
                    return;
                default:
                    throw new InvalidOperationException($"this restore was {Describe(_state)} and cannot be committed");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            switch (_state)
            {
                case State.RolledBack:
                    return;
                case State.Applied:
                    await RollbackCoreAsync(cancellationToken);
                    _state = State.RolledBack;
                    return;
                default:
                    throw new InvalidOperationException($"this restore was {Describe(_state)} and cannot be rolled back");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_state == State.Disposed)
            {
                return;
            }

            await DisposeCoreAsync(_state == State.Committed);
            _state = State.Disposed;
        }
        finally
        {
            _gate.Release();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Makes the restore final (removes what it replaced).</summary>
    protected abstract Task CommitCoreAsync(CancellationToken cancellationToken);

    /// <summary>Puts back what was there before.</summary>
    protected abstract Task RollbackCoreAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Releases the restore. The default rolls back a restore that was neither committed nor rolled
    /// back; scratch restores remove their copy unless <paramref name="committed"/>.
    /// </summary>
    protected virtual async Task DisposeCoreAsync(bool committed)
    {
        if (_state == State.Applied)
        {
            await RollbackCoreAsync(CancellationToken.None);
        }
    }

    private static string Describe(State state) => state switch
    {
        State.Committed => "committed",
        State.RolledBack => "rolled back",
        _ => "disposed",
    };
}
