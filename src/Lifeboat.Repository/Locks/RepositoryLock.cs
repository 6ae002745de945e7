using Lifeboat.Storage;

namespace Lifeboat.Repository.Locks;

/// <summary>
/// A restic-compatible repository lock. Shared locks (backup, restore, check) may coexist; an
/// exclusive lock (prune) excludes every other lock. The lock is refreshed every 5 minutes while held,
/// so other processes never see it as stale, and removed on dispose.
/// </summary>
public sealed class RepositoryLock : IAsyncDisposable
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(200);

    private readonly Repository _repository;
    private readonly LockFile _lock;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _refresher;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _lost = new();
    private Task _confirmed = Task.CompletedTask;
    private bool _disposed;
    private System.Runtime.ExceptionServices.ExceptionDispatchInfo? _conflict;
    private Id _current;

    private RepositoryLock(Repository repository, LockFile lockFile, Id id, TimeProvider clock)
    {
        _repository = repository;
        _lock = lockFile;
        _current = id;
        _clock = clock;
        _refresher = Task.Run(() => RefreshLoopAsync(clock));
    }

    /// <summary>
    /// Cancelled when a lock taken with <c>settleInBackground</c> turns out to conflict with another:
    /// work begun under it should stop; <see cref="EnsureHeldAsync"/> then throws the conflict.
    /// </summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>
    /// Takes a shared lock and loads the index afresh under it, the start of every operation that reads
    /// or adds data. The index is read while the lock settles: a prune that could remove what it
    /// lists would have to pass its own settle check, which sees this lock.
    /// </summary>
    /// <exception cref="RepositoryException">The repository is locked exclusively by someone else.</exception>
    public static Task<RepositoryLock> AcquireSharedWithIndexAsync(Repository repository, TimeProvider? clock = null, CancellationToken cancellationToken = default) =>
        AcquireAsync(repository, exclusive: false, clock, cancellationToken, repository.ReloadIndexAsync);

    /// <summary>
    /// Takes a lock, failing if a conflicting lock that is not stale exists.
    /// </summary>
    /// <param name="repository">The repository to lock.</param>
    /// <param name="exclusive">Exclusive (prune, forget, repair) or shared.</param>
    /// <param name="clock">The clock for the lock's time and the settle wait.</param>
    /// <param name="cancellationToken">Cancels the acquisition.</param>
    /// <param name="whileSettling">
    /// Runs after the lock file is written, during the wait before the second look for conflicts; if
    /// that look fails, its work is discarded with the lock.
    /// </param>
    /// <param name="settleInBackground">
    /// For a shared lock (backup, restore, drill): return once <paramref name="whileSettling"/>
    /// is done and let the wait and the second look finish while the operation starts. Until then it may
    /// read and store packs, never commit: <see cref="EnsureHeldAsync"/> (called before every commit)
    /// waits for the second look and throws its conflict, and <see cref="Lost"/> is cancelled on one.
    /// Packs stored meanwhile are harmless: unindexed, reused by the next run or removed by prune.
    /// </param>
    /// <exception cref="RepositoryException">The repository is locked by someone else.</exception>
    public static async Task<RepositoryLock> AcquireAsync(
        Repository repository, bool exclusive, TimeProvider? clock = null, CancellationToken cancellationToken = default,
        Func<CancellationToken, Task>? whileSettling = null, bool settleInBackground = false)
    {
        if (settleInBackground && exclusive)
        {
            throw new ArgumentException("an exclusive lock must settle before its holder deletes anything", nameof(settleInBackground));
        }

        clock ??= TimeProvider.System;
        await ThrowIfConflictAsync(repository, exclusive, null, clock, cancellationToken);

        var lockFile = new LockFile
        {
            Time = new ResticTime(clock.GetLocalNow()),
            Exclusive = exclusive,
            Hostname = LockFile.ThisHost,
            Username = Environment.UserName,
            Pid = Environment.ProcessId,
            Uid = Platform.Posix.EffectiveUserId,
            Gid = Platform.Posix.EffectiveGroupId,
        };
        var id = await repository.SaveJsonAsync(FileType.Lock, lockFile, cancellationToken);

        // Someone may have created a lock at the same moment: look again once both are visible.
        if (settleInBackground)
        {
            var settle = Task.Delay(SettleDelay, clock, cancellationToken);
            var held = new RepositoryLock(repository, lockFile, id, clock);
            held._confirmed = held.ConfirmAsync(settle, exclusive, clock, cancellationToken);
            try
            {
                if (whileSettling is not null)
                {
                    await whileSettling(cancellationToken);
                }
            }
            catch
            {
                await held.DisposeAsync();
                throw;
            }

            return held;
        }

        try
        {
            var settle = Task.Delay(SettleDelay, clock, cancellationToken);
            if (whileSettling is not null)
            {
                await whileSettling(cancellationToken);
            }

            await settle;
            await ThrowIfConflictAsync(repository, exclusive, id, clock, cancellationToken);
        }
        catch
        {
            await repository.Backend.RemoveAsync(new BackendFile(FileType.Lock, id.ToString()), CancellationToken.None);
            throw;
        }

        return new RepositoryLock(repository, lockFile, id, clock);
    }

    /// <summary>Every lock in the repository (unreadable lock files are skipped).</summary>
    public static async Task<List<LockFile>> ListAsync(Repository repository, CancellationToken cancellationToken = default)
    {
        var locks = new List<LockFile>();
        foreach (var id in await repository.ListIdsAsync(FileType.Lock, cancellationToken))
        {
            try
            {
                var lockFile = await repository.LoadJsonAsync<LockFile>(FileType.Lock, id, cancellationToken);
                lockFile.Id = id;
                locks.Add(lockFile);
            }
            catch (NotFoundException)
            {
                // removed while we looked
            }
            catch (IntegrityException)
            {
                // a lock file being written by a slow writer, or damaged; restic ignores it as well
            }
        }

        return locks;
    }

    /// <summary>
    /// Confirms the lock is still in the repository before a commit. A lock can disappear while its
    /// holder sleeps (suspended machine, removed by 'unlock'): then a prune may have removed data this
    /// process wrote, and committing a snapshot that references it would lose data.
    /// </summary>
    /// <exception cref="RepositoryException">The lock is gone.</exception>
    public async Task EnsureHeldAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _confirmed.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (_conflict is not null)
        {
            _conflict.Throw(); // the conflict, not the cancellation it caused
        }

        // A lock not refreshed for the stale time may have been ignored by a prune meanwhile, even if
        // its file is still there (restic's rule: older than 30 minutes is stale).
        if (_clock.GetUtcNow() - _lock.Time.Value > StaleAfter)
        {
            throw new RepositoryException($"this process's repository lock went stale (not refreshed since {_lock.Time.Value.ToLocalTime():yyyy-MM-dd HH:mm}; the machine may have slept); refusing to commit a snapshot that may reference pruned data")
            {
                Hint = "run the backup again: data already stored is reused",
            };
        }

        try
        {
            await _repository.Backend.StatAsync(new BackendFile(FileType.Lock, _current.ToString()), cancellationToken);
        }
        catch (NotFoundException)
        {
            throw new RepositoryException("this process's repository lock was removed while it ran (the machine slept, or someone ran 'unlock'); refusing to commit a snapshot that may reference pruned data")
            {
                Hint = "run the backup again: data already stored is reused",
            };
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await _confirmed;
        }
        catch (Exception ex) when (ex is RepositoryException or StorageException or OperationCanceledException)
        {
            // the conflict was reported to the holder (EnsureHeldAsync); the lock file goes below
        }

        await _stop.CancelAsync();
        try
        {
            await _refresher;
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            await _repository.Backend.RemoveAsync(new BackendFile(FileType.Lock, _current.ToString()), CancellationToken.None);
        }
        catch (StorageException)
        {
            // a lock left behind becomes stale; 'unlock' removes it
        }

        _stop.Dispose();
        _lost.Dispose();
    }

    // The second look for conflicts of a lock settling in the background.
    private async Task ConfirmAsync(Task settle, bool exclusive, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            await settle;
            await ThrowIfConflictAsync(_repository, exclusive, _current, clock, cancellationToken);
        }
        catch (Exception ex)
        {
            _conflict = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
            await _lost.CancelAsync();
            throw;
        }
    }

    private static async Task ThrowIfConflictAsync(Repository repository, bool exclusive, Id? own, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var other in await ListAsync(repository, cancellationToken))
        {
            if (other.Id == own || other.IsStale(now, LockFile.ThisHost))
            {
                continue;
            }

            if (exclusive || other.Exclusive)
            {
                throw new RepositoryException($"repository is already locked: {other}")
                {
                    Hint = "wait for that operation to finish; if it is gone, 'lifeboat repo unlock' removes stale locks",
                };
            }
        }
    }

    private async Task RefreshLoopAsync(TimeProvider clock)
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(RefreshEvery, clock, _stop.Token);
            var previousTime = _lock.Time;
            try
            {
                _lock.Time = new ResticTime(clock.GetLocalNow());
                Id fresh;
                try
                {
                    fresh = await _repository.SaveJsonAsync(FileType.Lock, _lock, _stop.Token);
                }
                catch
                {
                    _lock.Time = previousTime; // the stored lock still carries the old time
                    throw;
                }

                var old = _current;
                _current = fresh;
                await _repository.Backend.RemoveAsync(new BackendFile(FileType.Lock, old.ToString()), CancellationToken.None);
            }
            catch (LifeboatException)
            {
                // try again at the next refresh; the old lock stays valid for 30 minutes
            }
        }
    }
}
