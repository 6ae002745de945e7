using Lifeboat.Repository.Locks;

namespace Lifeboat.Orchestration.Backup;

/// <summary>Options of one service backup run.</summary>
public sealed record ServiceBackupOptions
{
    /// <summary>Extra tags (e.g. "pre-migration", or "pre-restore" for safety snapshots).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Capture and count, but store nothing. The service is not stopped.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Leave out, with a warning, the sources whose data cannot be captured at all (a dropped database,
    /// a deleted directory, a corrupt SQLite file) instead of failing: for the safety snapshot a restore
    /// takes of what is there now. Their names and reasons are recorded in lifeboat.json ("left_out").
    /// </summary>
    public bool LeaveOutUnavailableSources { get; init; }

    /// <summary>
    /// For the safety snapshot of a restore: stops the service in place of the backup's own stop step
    /// (it returns whether the service is now stopped), and the backup leaves it stopped, so that the
    /// snapshot and the restore share one stop window and nothing written between them is lost.
    /// </summary>
    public Func<CancellationToken, Task<bool>>? StopAndKeepStopped { get; init; }

    /// <summary>
    /// A shared lock the caller holds on the service's repository, with the index loaded under it: the
    /// backup runs under it instead of taking its own, and the caller releases it.
    /// </summary>
    public RepositoryLock? HeldLock { get; init; }
}
