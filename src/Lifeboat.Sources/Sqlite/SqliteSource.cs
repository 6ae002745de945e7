using Lifeboat.Manifest;
using Lifeboat.Repository.Archiver;
using Lifeboat.Sources.FileSystem;
using Microsoft.Data.Sqlite;

namespace Lifeboat.Sources.Sqlite;

/// <summary>
/// An SQLite database file. Capture copies it with SQLite's online backup API into the scratch
/// directory (a consistent copy, while the application keeps writing) and stores that copy. Restore
/// writes the file beside the original, checks it, and renames it over the original; the original and
/// its <c>-wal</c>/<c>-shm</c>/<c>-journal</c> files are kept aside until commit, so stale companions
/// never meet the restored file and a rollback puts everything back.
/// </summary>
public sealed class SqliteSource(SqliteSourceConfig config) : IDataSource
{
    private const int BusyTimeoutMilliseconds = 30_000;
    private const int BusyRetries = 20;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private static readonly string[] Companions = ["-wal", "-shm", "-journal"];

    public SourceConfig Config => config;

    public Task<IReadOnlyList<SourceProblem>> DiagnoseAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<SourceProblem>();
        if (!File.Exists(config.Path))
        {
            problems.Add(new SourceProblem(config.Name, $"{config.Path} does not exist", "check the source's path, or create the database"));
            return Task.FromResult<IReadOnlyList<SourceProblem>>(problems);
        }

        try
        {
            using var connection = Open(config.Path, SqliteOpenMode.ReadWrite);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_schema";
            command.ExecuteScalar();
        }
        catch (SqliteException ex)
        {
            problems.Add(new SourceProblem(config.Name, $"{config.Path} cannot be read as an SQLite database: {ex.Message}",
                "check that the path points at the database file and that it is readable"));
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(config.Path)) ?? "/";
        if (!CanWrite(directory))
        {
            problems.Add(new SourceProblem(config.Name, $"{directory} is not writable, so a restore cannot write the database beside the original",
                "run restores as a user that can write to the database's directory"));
        }

        return Task.FromResult<IReadOnlyList<SourceProblem>>(problems);
    }

    public Task<RestoreLeftovers> SweepRestoreLeftoversAsync(string? into, bool removeStaging, CancellationToken cancellationToken = default) =>
        Task.FromResult(SiblingPath.Sweep(
            into is not null && Path.IsPathFullyQualified(into) ? [config.Path, into] : [config.Path], removeStaging));

    public async Task<SourceCapture> CaptureAsync(SourceCaptureContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fileName = Path.GetFileName(config.Path);
        if (!File.Exists(config.Path))
        {
            throw new SourceException(config.Name, $"{config.Path} does not exist") { Hint = "check the source's path" };
        }

        var copyDirectory = Directory.CreateDirectory(Path.Combine(context.ScratchDirectory, "sqlite-" + config.Name)).FullName;
        var copy = Path.Combine(copyDirectory, fileName);
        var capture = new SourceCapture { CleanupAsync = () => Task.Run(() => PathSwap.Delete(copyDirectory)) };
        try
        {
            var info = await Task.Run(() => Backup(config.Path, copy), cancellationToken);
            capture.Items.Add(new BackupItem.Path([.. context.SnapshotPath, fileName], copy, RealParents: false));
            var description = capture.Description;
            description["kind"] = "sqlite";
            description["file"] = fileName;
            description["path"] = Path.GetFullPath(config.Path);
            description["sqlite_version"] = info.Version;
            description["page_size"] = info.PageSize;
            description["page_count"] = info.PageCount;
            description["journal_mode"] = info.JournalMode;
            description.AddOwnership(FileOwnership.Of(config.Path));
            return capture;
        }
        catch (SqliteException ex)
        {
            await capture.CleanupAsync();
            throw new SourceException(config.Name, $"cannot copy {config.Path} with SQLite's backup API: {ex.Message}", ex)
            {
                Hint = "check that the path is an SQLite database and readable",
            };
        }
    }

    public async Task<ISourceRestore> RestoreAsync(SourceRestoreContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (file, snapshotFile) = InSnapshot(context);

        if (context.Target is RestoreTarget.Scratch scratch)
        {
            var directory = ScratchPath.Create(scratch, config.Name);
            var path = Path.Combine(directory, file);
            try
            {
                await SnapshotFiles.CopyToFileAsync(context.Snapshot, snapshotFile, path, config.Name, cancellationToken);
                Check(path);
            }
            catch
            {
                PathSwap.Delete(directory);
                throw;
            }

            return new ScratchDirectoryRestore(Location(path), directory);
        }

        await using var staged = await StageBesideAsync(context, file, snapshotFile, cancellationToken);
        return await staged.ApplyAsync(cancellationToken);
    }

    public bool StagesAhead => true;

    public string? LivePath => Path.GetFullPath(config.Path);

    /// <summary>In place or into a file: written and checked beside the target, renamed over it when applied. A scratch copy: the whole restore.</summary>
    public async Task<IStagedRestore> StageAsync(SourceRestoreContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Target is RestoreTarget.Scratch)
        {
            return new DeferredRestore(this, context);
        }

        var (file, snapshotFile) = InSnapshot(context);
        return await StageBesideAsync(context, file, snapshotFile, cancellationToken);
    }

    // The database file's name, and its path in the snapshot.
    private (string File, string SnapshotFile) InSnapshot(SourceRestoreContext context)
    {
        context.Description.RequireKind("sqlite", config.Name);
        var file = context.Description.RequireString("file", config.Name);
        return (file, context.SnapshotPath.TrimEnd('/') + "/" + file);
    }

    private async Task<SqliteStagedRestore> StageBesideAsync(SourceRestoreContext context, string file, string snapshotFile, CancellationToken cancellationToken)
    {
        var target = TargetPath(context.Target);
        Directory.CreateDirectory(Path.GetDirectoryName(target) ?? "/");
        var id = SiblingPath.NewId();
        var staged = SiblingPath.Restoring(target, id);
        try
        {
            context.Log?.Invoke($"writing {file} beside {target}");
            await SnapshotFiles.CopyToFileAsync(context.Snapshot, snapshotFile, staged, config.Name, cancellationToken);
            Check(staged);
        }
        catch
        {
            DeleteStaged(staged);
            throw;
        }

        return new SqliteStagedRestore(context, target, staged, id);
    }

    private static void DeleteStaged(string staged)
    {
        foreach (var suffix in Companions.Prepend(""))
        {
            PathSwap.Delete(staged + suffix);
        }
    }

    // The checked copy is given the live file's owner (else the recorded one) and renamed over it, with
    // the live file's journal companions set aside beside it.
    private sealed class SqliteStagedRestore(SourceRestoreContext context, string target, string staged, string id) : StagedRestore
    {
        protected override Task<ISourceRestore> ApplyCoreAsync(CancellationToken cancellationToken)
        {
            (FileOwnership.Of(target) ?? context.Description.GetOwnership())?.ApplyTo(staged);
            context.Log?.Invoke($"renaming the restored database over {target}");
            var swap = PathSwap.Apply(staged, target, id, Companions);
            return Task.FromResult<ISourceRestore>(new PathSwapRestore(Location(target), swap));
        }

        protected override ValueTask DiscardAsync()
        {
            DeleteStaged(staged);
            return ValueTask.CompletedTask;
        }
    }

    private string TargetPath(RestoreTarget target)
    {
        switch (target)
        {
            case RestoreTarget.InPlace:
                return Path.GetFullPath(config.Path);
            case RestoreTarget.IntoDatabase into:
                if (!Path.IsPathFullyQualified(into.Database))
                {
                    throw new SourceException(config.Name, $"restoring an SQLite database into '{into.Database}' needs an absolute file path");
                }

                var path = Path.GetFullPath(into.Database);
                if (path != Path.GetFullPath(config.Path) && File.Exists(path) && new FileInfo(path).Length > 0)
                {
                    throw new SourceException(config.Name, $"{path} already exists and is not empty; refusing to overwrite it")
                    {
                        Hint = "choose a new file name, or remove the file first",
                    };
                }

                return path;
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target, "unknown restore target");
        }
    }

    private static RestoredLocation Location(string path) => new()
    {
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString(),
        Provider = "sqlite",
        Path = path,
        Environment = new Dictionary<string, string> { ["LIFEBOAT_SOURCE_PATH"] = path },
    };

    /// <summary>Opens the restored file and runs SQLite's quick check, so a damaged copy never replaces anything.</summary>
    private void Check(string path)
    {
        string result;
        try
        {
            using var connection = Open(path, SqliteOpenMode.ReadWrite);
            result = Scalar(connection, "PRAGMA quick_check");
        }
        catch (SqliteException ex)
        {
            result = ex.Message;
        }

        if (result != "ok")
        {
            throw new SourceException(config.Name, $"the restored database fails SQLite's quick check: {result}");
        }
    }

    private static BackupInfo Backup(string sourcePath, string copyPath)
    {
        BackupInfo info;
        using (var source = Open(sourcePath, SqliteOpenMode.ReadWrite))
        using (var destination = Open(copyPath, SqliteOpenMode.ReadWriteCreate))
        {
            // One backup step under one read transaction: a consistent copy even while others write.
            // Without WAL a writer's lock blocks the copy for a moment: wait (busy handler), then retry.
            Scalar(source, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}");
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    source.BackupDatabase(destination);
                    break;
                }
                catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteBusy or SqliteLocked && attempt < BusyRetries)
                {
                    Thread.Sleep(50 * attempt);
                }
            }
            info = new BackupInfo(
                Scalar(source, "SELECT sqlite_version()"),
                long.Parse(Scalar(source, "PRAGMA page_size")),
                long.Parse(Scalar(destination, "PRAGMA page_count")),
                Scalar(source, "PRAGMA journal_mode"));
        }

        if (File.Exists(copyPath + "-wal"))
        {
            throw new InvalidOperationException($"SQLite left a write-ahead log beside the copy {copyPath}");
        }

        return info;
    }

    private static string Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar()) ?? "";
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = 60,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static bool CanWrite(string directory) => Lifeboat.Repository.Platform.Posix.EffectiveUserId == 0 || Access(directory);

    private static bool Access(string directory)
    {
        try
        {
            var probe = Path.Combine(directory, $".lifeboat-probe-{SiblingPath.NewId()}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private sealed record BackupInfo(string Version, long PageSize, long PageCount, string JournalMode);
}
