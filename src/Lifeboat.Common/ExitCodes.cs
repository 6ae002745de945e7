namespace Lifeboat;

/// <summary>The process exit codes every Lifeboat command uses; monitors depend on them.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The operation failed (repository, storage, database, restore, check problems).</summary>
    public const int Failure = 1;

    /// <summary>The command line or the configuration is wrong; nothing was changed.</summary>
    public const int UsageError = 2;

    /// <summary>
    /// The operation completed but a target was missed: a snapshot older than its RPO, or a backup that
    /// skipped unreadable files.
    /// </summary>
    public const int TargetMissed = 3;

    /// <summary>Interrupted by SIGINT or SIGTERM.</summary>
    public const int Interrupted = 130;
}
