using Lifeboat.Repository.Filtering;
using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Repository.Archiver;

/// <summary>How a backup runs and what the snapshot records.</summary>
public sealed record BackupOptions
{
    /// <summary>The snapshot's "paths" (absolute paths, or the stream's name).</summary>
    public required IReadOnlyList<string> SnapshotPaths { get; init; }

    public PatternList Excludes { get; init; } = new([]);

    /// <summary>Excluded patterns as given, recorded in the snapshot.</summary>
    public IReadOnlyList<string> ExcludePatterns { get; init; } = [];

    /// <summary>Do not descend into directories on another file system than their parent.</summary>
    public bool OneFileSystem { get; init; }

    public CompressionMode Compression { get; init; } = CompressionMode.Auto;

    public string Hostname { get; init; } = HostName.Current;

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The snapshot's time; now when null.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>The snapshot whose unchanged files are reused without reading them (none: read everything).</summary>
    public Snapshot? Parent { get; init; }

    /// <summary>Count and encode, but store nothing.</summary>
    public bool DryRun { get; init; }

    public IProgress<BackupProgress>? Progress { get; init; }

    /// <summary>Called for every path that could not be read (it is skipped; the backup goes on).</summary>
    public Action<BackupError>? OnError { get; init; }

    /// <summary>Runs after the data and index are stored and before the snapshot is written (e.g. confirm the lock is held).</summary>
    public Func<CancellationToken, Task>? BeforeCommit { get; init; }

    public int Readers { get; init; } = Math.Max(2, Environment.ProcessorCount);

    public int Encoders { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>The clock: when the backup starts and what "now" is.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>A path that could not be backed up, and why.</summary>
public sealed record BackupError(string Path, string Message);

/// <summary>A running backup's progress.</summary>
public readonly record struct BackupProgress(long FilesDone, long BytesDone, long FilesTotal, long BytesTotal, string? CurrentFile);
