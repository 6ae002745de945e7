using Lifeboat.Manifest;
using Lifeboat.Repository.Archiver;
using Lifeboat.Repository.Filtering;
using Lifeboat.Repository.Platform;
using Lifeboat.Repository.Trees;
using Lifeboat.Sources.FileSystem;

namespace Lifeboat.Sources.Files;

/// <summary>
/// A directory (or one file) backed up as files, minus the <c>exclude</c> globs (temporary and
/// in-progress upload directories). Restore writes the snapshot's copy beside the live directory
/// (<c>.&lt;name&gt;.lifeboat-restore-&lt;id&gt;</c>), then swaps it in with renames; the previous
/// content stays as a hidden sibling until commit, and rollback swaps it back.
/// </summary>
public sealed class FilesSource(FilesSourceConfig config) : IDataSource
{
    public SourceConfig Config => config;

    private string FullPath => Path.GetFullPath(config.Path).TrimEnd('/') is { Length: > 0 } p ? p : "/";

    public Task<IReadOnlyList<SourceProblem>> DiagnoseAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<SourceProblem>();
        try
        {
            ExcludePatterns.ToPatternList(FullPath, config.Exclude);
        }
        catch (UsageException ex)
        {
            problems.Add(new SourceProblem(config.Name, $"exclude: {ex.Message}", "fix the glob (see docs/manifest.md, files)"));
        }

        if (Directory.Exists(FullPath))
        {
            try
            {
                using var entries = Directory.EnumerateFileSystemEntries(FullPath).GetEnumerator();
                entries.MoveNext();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add(new SourceProblem(config.Name, $"{FullPath} cannot be read: {ex.Message}", "run backups as a user that can read the directory"));
            }
        }
        else if (!File.Exists(FullPath))
        {
            problems.Add(new SourceProblem(config.Name, $"{FullPath} does not exist", "check the source's path"));
        }

        return Task.FromResult<IReadOnlyList<SourceProblem>>(problems);
    }

    public Task<RestoreLeftovers> SweepRestoreLeftoversAsync(string? into, bool removeStaging, CancellationToken cancellationToken = default) =>
        Task.FromResult(SiblingPath.Sweep([FullPath], removeStaging));

    public Task<SourceCapture> CaptureAsync(SourceCaptureContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var capture = new SourceCapture();
        var description = capture.Description;
        description["kind"] = "files";
        description["path"] = FullPath;
        if (Directory.Exists(FullPath))
        {
            EnsureReadable();
            PatternList? excludes;
            try
            {
                excludes = ExcludePatterns.ToPatternList(FullPath, config.Exclude);
            }
            catch (UsageException ex)
            {
                throw new SourceException(config.Name, $"exclude: {ex.Message}", ex);
            }

            capture.Items.Add(new BackupItem.Path(context.SnapshotPath, FullPath, RealParents: false, excludes));
            description["layout"] = "directory";
            description["exclude"] = new System.Text.Json.Nodes.JsonArray([.. config.Exclude.Select(e => (System.Text.Json.Nodes.JsonNode?)e)]);
        }
        else if (File.Exists(FullPath))
        {
            var name = Path.GetFileName(FullPath);
            capture.Items.Add(new BackupItem.Path([.. context.SnapshotPath, name], FullPath, RealParents: false));
            description["layout"] = "file";
            description["file"] = name;
        }
        else
        {
            throw new SourceException(config.Name, $"{FullPath} does not exist") { Hint = "check the source's path" };
        }

        return Task.FromResult(capture);
    }

    public async Task<ISourceRestore> RestoreAsync(SourceRestoreContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (snapshotPath, file) = InSnapshot(context);
        var isFile = file is not null;

        switch (context.Target)
        {
            case RestoreTarget.Scratch scratch:
            {
                var directory = ScratchPath.Create(scratch, config.Name);
                var path = file is null ? directory : Path.Combine(directory, file);
                try
                {
                    await WriteAsync(context, snapshotPath, path, isFile, cancellationToken);
                }
                catch
                {
                    PathSwap.Delete(directory);
                    throw;
                }

                return new ScratchDirectoryRestore(Location(path), directory);
            }

            case RestoreTarget.InPlace:
            {
                await using var staged = await StageInPlaceAsync(context, snapshotPath, isFile, cancellationToken);
                return await staged.ApplyAsync(cancellationToken);
            }

            case RestoreTarget.IntoDatabase:
                throw new SourceException(config.Name, "a files source is restored in place or into a scratch directory, not into a database");

            default:
                throw new ArgumentOutOfRangeException(nameof(context), context.Target, "unknown restore target");
        }
    }

    public bool StagesAhead => true;

    public string? LivePath => FullPath;

    /// <summary>In place: restores into a sibling of the live path, swapped in when applied. Otherwise the whole restore.</summary>
    public async Task<IStagedRestore> StageAsync(SourceRestoreContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Target is not RestoreTarget.InPlace)
        {
            return new DeferredRestore(this, context);
        }

        var (snapshotPath, file) = InSnapshot(context);
        return await StageInPlaceAsync(context, snapshotPath, file is not null, cancellationToken);
    }

    // Where the source is in the snapshot: its directory, or its single file (then also the file's name).
    private (string SnapshotPath, string? File) InSnapshot(SourceRestoreContext context)
    {
        context.Description.RequireKind("files", config.Name);
        var file = context.Description.GetString("layout") == "file" ? context.Description.RequireString("file", config.Name) : null;
        return (context.SnapshotPath.TrimEnd('/') + (file is null ? "" : "/" + file), file);
    }

    private async Task<FilesStagedRestore> StageInPlaceAsync(SourceRestoreContext context, string snapshotPath, bool isFile, CancellationToken cancellationToken)
    {
        var target = FullPath;
        Directory.CreateDirectory(Path.GetDirectoryName(target) ?? "/");
        var id = SiblingPath.NewId();
        var staged = SiblingPath.Restoring(target, id);
        try
        {
            context.Log?.Invoke($"restoring {snapshotPath} beside {target}");
            await WriteAsync(context, snapshotPath, staged, isFile, cancellationToken);
        }
        catch
        {
            PathSwap.Delete(staged);
            throw;
        }

        return new FilesStagedRestore(config, context, target, staged, id, isFile);
    }

    // The second half of an in-place restore: the live path's excluded paths move into the restored copy
    // (they are not in the snapshot: they stay as they are), then the copy is swapped in.
    private sealed class FilesStagedRestore(FilesSourceConfig config, SourceRestoreContext context, string target, string staged, string id, bool isFile) : StagedRestore
    {
        protected override Task<ISourceRestore> ApplyCoreAsync(CancellationToken cancellationToken)
        {
            var excludes = isFile || !Directory.Exists(target) ? null : ExcludePatterns.ToPatternList(target, config.Exclude);
            var kept = excludes is null ? null : ExcludedPaths.Move(target, staged, excludes);
            if (kept is { Count: > 0 })
            {
                context.Log?.Invoke($"keeping {kept.Count} excluded {(kept.Count == 1 ? "path" : "paths")} of {target} as {(kept.Count == 1 ? "it is" : "they are")}");
            }

            context.Log?.Invoke($"swapping the restored copy in at {target}");
            PathSwap swap;
            try
            {
                swap = PathSwap.Apply(staged, target, id);
            }
            catch (IOException ex)
            {
                kept?.MoveBack(staged, target); // a failed swap leaves the live directory where it was
                throw new SourceException(config.Name, $"cannot swap the restored copy in at {target}: {ex.Message}", ex)
                {
                    Hint = "a mount point cannot be renamed: declare the directory below it, or restore into a scratch directory and copy",
                };
            }
            catch
            {
                kept?.MoveBack(staged, target);
                throw;
            }

            return Task.FromResult<ISourceRestore>(new PathSwapRestore(Location(target), swap)
            {
                BeforeRollback = kept is { Count: > 0 } && swap.PreviousPath is { } previous ? () => kept.MoveBack(target, previous) : null,
            });
        }

        // Never applied, or the swap failed: the live path is where it was.
        protected override ValueTask DiscardAsync()
        {
            PathSwap.Delete(staged);
            return ValueTask.CompletedTask;
        }
    }

    private async Task WriteAsync(SourceRestoreContext context, string snapshotPath, string destination, bool isFile, CancellationToken cancellationToken)
    {
        if (isFile)
        {
            await SnapshotFiles.CopyToFileAsync(context.Snapshot, snapshotPath, destination, config.Name, cancellationToken);
            if (await context.Snapshot.FindAsync(snapshotPath, cancellationToken) is { } fileNode)
            {
                ApplyMetadata(destination, fileNode);
            }

            return;
        }

        var node = await context.Snapshot.FindAsync(snapshotPath, cancellationToken);
        if (node is not { Type: NodeType.Directory })
        {
            throw new SourceException(config.Name, $"snapshot {context.Snapshot.Snapshot.Id.ToShortString()} has no directory {snapshotPath}");
        }

        var result = await context.Snapshot.RestoreDirectoryAsync(snapshotPath, destination, cancellationToken);
        if (!result.Succeeded)
        {
            var first = result.Errors[0];
            throw new SourceException(config.Name, $"{result.Errors.Count} path(s) could not be restored, first {first.Path}: {first.Message}");
        }

        ApplyMetadata(destination, node);
    }

    /// <summary>The snapshot's owner, mode and modification time for the restored root (the restorer sets everything below it).</summary>
    private static void ApplyMetadata(string path, Node node)
    {
        new FileOwnership(node.Uid, node.Gid, GoFileMode.ToUnixPermissions(node.Mode)).ApplyTo(path);
        Posix.SetTimes(path, node.AccessTime.UnixNanoseconds, node.ModTime.UnixNanoseconds);
    }

    private static RestoredLocation Location(string path) => new()
    {
        Path = path,
        Environment = new Dictionary<string, string> { ["LIFEBOAT_SOURCE_PATH"] = path },
    };

    private void EnsureReadable()
    {
        try
        {
            using var entries = Directory.EnumerateFileSystemEntries(FullPath).GetEnumerator();
            entries.MoveNext();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SourceException(config.Name, $"{FullPath} cannot be read: {ex.Message}", ex)
            {
                Hint = "run backups as a user that can read the directory",
            };
        }
    }
}
