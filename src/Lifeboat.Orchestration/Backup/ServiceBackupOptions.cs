namespace Lifeboat.Orchestration.Backup;

/// <summary>Options of one service backup run.</summary>
public sealed record ServiceBackupOptions
{
    /// <summary>Extra tags (e.g. "pre-migration", or "pre-restore" for safety snapshots).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Capture and count, but store nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Leave out, with a warning, the sources whose data cannot be captured at all (a dropped database,
    /// a deleted directory, a corrupt SQLite file) instead of failing: for the safety snapshot a restore
    /// takes of what is there now. Their names and reasons are recorded in lifeboat.json ("left_out").
    /// </summary>
    public bool LeaveOutUnavailableSources { get; init; }
}
