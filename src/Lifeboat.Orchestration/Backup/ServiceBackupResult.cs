using Lifeboat.Repository;
using Lifeboat.Repository.Archiver;

namespace Lifeboat.Orchestration.Backup;

public enum BackupOutcome
{
    Succeeded,
    Failed,

    /// <summary>A before_backup hook asked to skip the service (exit 75): not a failure.</summary>
    Skipped,
}

/// <summary>How one service's backup went.</summary>
public sealed class ServiceBackupResult(string service)
{
    public string Service { get; } = service;

    public BackupOutcome Outcome { get; set; } = BackupOutcome.Failed;

    public Id? Snapshot { get; set; }

    public BackupSummary? Summary { get; set; }

    /// <summary>Why it failed (redacted).</summary>
    public string? Error { get; set; }

    /// <summary>The start command failed after the backup: the service may be down.</summary>
    public bool StartFailed { get; set; }

    public TimeSpan Duration { get; set; }
}
