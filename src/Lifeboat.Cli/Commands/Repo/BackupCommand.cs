using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lifeboat.Cli.Output;
using Lifeboat.Repository;
using Lifeboat.Repository.Archiver;
using Lifeboat.Repository.Filtering;
using Lifeboat.Repository.Locks;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Storage;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary><c>lifeboat repo backup</c>: files and directories, stdin, or a command's output into a new snapshot.</summary>
internal static class BackupCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files and directories to back up (with --stdin-from-command: the command and its arguments, after --)", Arity = ArgumentArity.ZeroOrMore };
        var tags = new Option<string[]>("--tag") { Description = "Add a tag (repeatable; a,b adds both)", HelpName = "TAG" };
        var host = new Option<string>("--host", "-H") { Description = "Hostname recorded in the snapshot (default: this host)" };
        var time = new Option<string>("--time") { Description = "Snapshot time instead of now, as \"2006-01-02 15:04:05\" (local time)" };
        var excludes = new Option<string[]>("--exclude", "-e") { Description = "Exclude paths matching this pattern (repeatable)", HelpName = "PATTERN" };
        var excludeFiles = new Option<string[]>("--exclude-file") { Description = "Read exclude patterns from a file (repeatable)", HelpName = "FILE" };
        var oneFileSystem = new Option<bool>("--one-file-system", "-x") { Description = "Do not cross file system boundaries" };
        var compression = new Option<string>("--compression") { Description = "auto, off or max", DefaultValueFactory = _ => "auto" };
        compression.AcceptOnlyFromAmong("auto", "off", "max");
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Do everything but store data and the snapshot" };
        var parent = new Option<string>("--parent") { Description = "Use this snapshot as the parent (default: latest of the same host and paths)" };
        var force = new Option<bool>("--force", "-f") { Description = "Read every file, even unchanged ones (no parent)" };
        var stdin = new Option<bool>("--stdin") { Description = "Back up the content of standard input" };
        var stdinFilename = new Option<string>("--stdin-filename") { Description = "File name for --stdin / --stdin-from-command", DefaultValueFactory = _ => "stdin" };
        var stdinFromCommand = new Option<bool>("--stdin-from-command") { Description = "Run the command given after -- and back up its output; no snapshot if it fails" };

        var command = new Command("backup", "Back up files, or a stream from stdin or a command")
        {
            paths, tags, host, time, excludes, excludeFiles, oneFileSystem, compression, dryRun, parent, force, stdin, stdinFilename, stdinFromCommand,
        };

        return command.Handle(async context =>
        {
            var given = context.Get(paths) ?? [];
            var fromStdin = context.Get(stdin);
            var fromCommand = context.Get(stdinFromCommand);
            if (fromStdin && fromCommand)
            {
                throw new UsageException("--stdin and --stdin-from-command are mutually exclusive");
            }

            if (fromStdin && given.Length > 0)
            {
                throw new UsageException("--stdin cannot be combined with paths");
            }

            if (fromCommand && given.Length == 0)
            {
                throw new UsageException("--stdin-from-command needs a command after --");
            }

            if (!fromStdin && !fromCommand && given.Length == 0)
            {
                throw new UsageException("nothing to back up: give at least one path (or --stdin)");
            }

            var patterns = (context.Get(excludes) ?? []).ToList();
            foreach (var file in context.Get(excludeFiles) ?? [])
            {
                patterns.AddRange(ReadExcludeFile(file));
            }

            var stdinName = context.Get(stdinFilename)!;
            List<BackupItem> items;
            List<string> snapshotPaths;
            Process? process = null;
            if (fromStdin || fromCommand)
            {
                var components = BackupItem.ComponentsOf(stdinName);
                if (components.Count == 0)
                {
                    throw new UsageException("--stdin-filename must not be empty");
                }

                snapshotPaths = ["/" + string.Join('/', components)];
                items = fromStdin
                    ? [new BackupItem.Stream(components, Console.OpenStandardInput)]
                    : [CommandItem(components, given, p => process = p)];
            }
            else
            {
                foreach (var path in given)
                {
                    if (!File.Exists(path) && !Directory.Exists(path) && !IsSymlink(path))
                    {
                        throw new UsageException($"{path} does not exist");
                    }
                }

                items = given.Select(p => (BackupItem)new BackupItem.Path(SnapshotComponents(p), p, RealParents: true)).ToList();
                snapshotPaths = given.Select(p => Path.GetFullPath(p).TrimEnd('/') is { Length: > 0 } full ? full : "/").ToList();
            }

            await using var repository = await RepositoryAccess.OpenAsync(context, loadIndex: false);
            // The index is loaded once the lock file is written (see LoadIndexAsync), and the parent
            // snapshot looked for; the backup then starts while the lock settles (nothing is committed
            // before the lock is confirmed, and a conflict stops the backup).
            var hostname = context.Get(host) ?? HostName.Current;
            Snapshot? parentSnapshot = null;
            await using var repositoryLock = await RepositoryLock.AcquireAsync(
                repository,
                exclusive: false,
                cancellationToken: context.CancellationToken,
                whileSettling: async cancellationToken =>
                {
                    var finding = context.Get(force) ? Task.FromResult<Snapshot?>(null) : FindParentAsync(repository, context.Get(parent), hostname, snapshotPaths, cancellationToken);
                    await RepositoryAccess.LoadIndexAsync(context, repository);
                    parentSnapshot = await finding;
                },
                settleInBackground: !context.Get(dryRun));
            if (!context.Ui.Json)
            {
                context.Ui.Info(parentSnapshot is null
                    ? "no parent snapshot found, reading every file"
                    : $"using parent snapshot {parentSnapshot.Id.ToShortString()}");
            }

            var progress = new ProgressDisplay(context.Ui, "backing up");
            var options = new BackupOptions
            {
                SnapshotPaths = snapshotPaths,
                Excludes = new PatternList(patterns),
                ExcludePatterns = patterns,
                OneFileSystem = context.Get(oneFileSystem),
                Compression = Enum.Parse<CompressionMode>(context.Get(compression)!, ignoreCase: true),
                Hostname = hostname,
                Tags = (context.Get(tags) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList(),
                Time = ParseTime(context.Get(time)),
                Parent = parentSnapshot,
                DryRun = context.Get(dryRun),
                Progress = new InlineProgress<BackupProgress>(p => progress.Update(p.BytesDone, p.BytesTotal, p.FilesDone, p.FilesTotal, p.CurrentFile)),
                OnError = error => ReportError(context, error),
                BeforeCommit = repositoryLock.EnsureHeldAsync,
            };

            BackupSummary summary;
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, repositoryLock.Lost);
            try
            {
                summary = await progress.RunAsync(() => new Archiver(repository, options).BackupAsync(items, stopping.Token));
            }
            catch (OperationCanceledException) when (repositoryLock.Lost.IsCancellationRequested)
            {
                await repositoryLock.EnsureHeldAsync(); // throws what the lock conflicts with
                throw;
            }
            finally
            {
                if (process is { HasExited: false })
                {
                    process.Kill(entireProcessTree: true);
                }

                process?.Dispose();
            }

            PrintSummary(context, summary, options.DryRun);
            return summary.Errors.Count > 0 ? ExitCodes.TargetMissed : ExitCodes.Success;
        });
    }

    private static BackupItem CommandItem(IReadOnlyList<string> components, string[] commandLine, Action<Process> started)
    {
        Process? process = null;
        return new BackupItem.Stream(
            components,
            () =>
            {
                var startInfo = new ProcessStartInfo(commandLine[0]) { RedirectStandardOutput = true, UseShellExecute = false };
                foreach (var argument in commandLine.Skip(1))
                {
                    startInfo.ArgumentList.Add(argument);
                }

                try
                {
                    process = Process.Start(startInfo) ?? throw new LifeboatException($"cannot start {commandLine[0]}");
                }
                catch (System.ComponentModel.Win32Exception ex)
                {
                    throw new LifeboatException($"cannot run {commandLine[0]}: {ex.Message}; no snapshot was made");
                }

                started(process);
                return process.StandardOutput.BaseStream;
            },
            async () =>
            {
                await process!.WaitForExitAsync();
                if (process.ExitCode != 0)
                {
                    throw new LifeboatException($"{commandLine[0]} exited with code {process.ExitCode}; no snapshot was made");
                }
            });
    }

    private static async Task<Snapshot?> FindParentAsync(Repository.Repository repository, string? explicitParent, string hostname, List<string> paths, CancellationToken cancellationToken)
    {
        if (explicitParent is not null)
        {
            return await SnapshotFilterOptions.ResolveAsync(repository, explicitParent, _ => true, cancellationToken);
        }

        var sorted = paths.Order(StringComparer.Ordinal).ToList();
        var snapshots = await repository.LoadSnapshotsAsync(null, cancellationToken);
        return snapshots.LastOrDefault(s => s.Hostname == hostname && s.Paths.Order(StringComparer.Ordinal).SequenceEqual(sorted));
    }

    private static IEnumerable<string> ReadExcludeFile(string file)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read exclude file {file}: {ex.Message}");
        }

        return lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(Environment.ExpandEnvironmentVariables);
    }

    private static DateTimeOffset? ParseTime(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var time)
            ? new DateTimeOffset(time)
            : throw new UsageException($"invalid --time '{text}': use \"2006-01-02 15:04:05\"");
    }

    /// <summary>Where restic puts a path in the snapshot: relative paths as given, others by their absolute path.</summary>
    private static IReadOnlyList<string> SnapshotComponents(string path)
    {
        var relative = path.StartsWith('/') ? path : Path.GetRelativePath(".", path);
        var components = BackupItem.ComponentsOf(relative);
        return components.Contains("..") ? BackupItem.ComponentsOf(Path.GetFullPath(path)) : components;
    }

    private static bool IsSymlink(string path) => new FileInfo(path).LinkTarget is not null;

    private static void ReportError(CommandContext context, BackupError error)
    {
        if (context.Ui.Json)
        {
            context.Ui.WriteJson(new JsonObject
            {
                ["message_type"] = "error",
                ["error"] = new JsonObject { ["message"] = error.Message },
                ["during"] = "archival",
                ["item"] = error.Path,
            });
        }
        else
        {
            context.Ui.Warning($"{error.Path}: {error.Message} (skipped)");
        }
    }

    private static void PrintSummary(CommandContext context, BackupSummary summary, bool dryRun)
    {
        if (context.Ui.Json)
        {
            context.Ui.WriteJson(new JsonObject
            {
                ["message_type"] = "summary",
                ["files_new"] = summary.FilesNew,
                ["files_changed"] = summary.FilesChanged,
                ["files_unmodified"] = summary.FilesUnmodified,
                ["dirs_new"] = summary.DirsNew,
                ["dirs_changed"] = summary.DirsChanged,
                ["dirs_unmodified"] = summary.DirsUnmodified,
                ["data_blobs"] = summary.DataBlobs,
                ["tree_blobs"] = summary.TreeBlobs,
                ["data_added"] = summary.DataAdded,
                ["data_added_packed"] = summary.DataAddedPacked,
                ["total_files_processed"] = summary.TotalFilesProcessed,
                ["total_bytes_processed"] = summary.TotalBytesProcessed,
                ["bytes_read"] = summary.BytesRead,
                ["total_duration"] = Math.Round(summary.Duration.TotalSeconds, 3),
                ["errors"] = summary.Errors.Count,
                ["dry_run"] = dryRun,
                ["snapshot_id"] = summary.SnapshotId?.ToString(),
            });
            return;
        }

        context.Ui.Info($"Files: {summary.FilesNew,8} new, {summary.FilesChanged,8} changed, {summary.FilesUnmodified,8} unmodified");
        context.Ui.Info($"Dirs:  {summary.DirsNew,8} new, {summary.DirsChanged,8} changed, {summary.DirsUnmodified,8} unmodified");
        context.Ui.Info(dryRun
            ? $"Would add to the repository: {Format.Bytes(summary.DataAdded)}"
            : $"Added to the repository: {Format.Bytes(summary.DataAdded)} ({Format.Bytes(summary.DataAddedPacked)} stored)");
        context.Ui.Info($"processed {summary.TotalFilesProcessed} files, {Format.Bytes(summary.TotalBytesProcessed)} in {Format.Duration(summary.Duration)}");
        if (summary.Errors.Count > 0)
        {
            context.Ui.Warning($"{summary.Errors.Count} paths could not be read and were skipped");
        }

        context.Ui.Info(summary.SnapshotId is { } id ? $"snapshot {id.ToShortString()} saved" : "dry run: nothing was stored");
    }
}
