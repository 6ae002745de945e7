using Lifeboat.Manifest;
using Lifeboat.Sources.FileSystem;
using Lifeboat.Sources.Processes;

namespace Lifeboat.Sources.Command;

/// <summary>
/// Any dump command's standard output (<c>redis-cli --rdb -</c>, <c>mongodump --archive</c>), stored as
/// <c>filename</c>, and restored by piping it into the declared restore command. Commands run without a
/// shell; a non-zero exit fails the snapshot or the restore with the end of the command's standard
/// error. An in-place restore first saves the current state with the backup command into the restore's
/// scratch directory, so that a rollback can pipe it back; when that fails (the service is stopped, for
/// instance) the restore goes on and a rollback is reported impossible.
/// </summary>
public sealed class CommandSource(CommandSourceConfig config) : IDataSource
{
    public SourceConfig Config => config;

    public Task<IReadOnlyList<SourceProblem>> DiagnoseAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<SourceProblem>();
        foreach (var (role, command) in new[] { ("backup", config.Backup), ("restore", config.Restore) })
        {
            if (ProgramPath.Find(command.Program) is null)
            {
                problems.Add(new SourceProblem(config.Name, $"the {role} command's program '{command.Program}' is not installed (not found on PATH)",
                    $"install it, or give its absolute path in the source's {role} command"));
            }
        }

        return Task.FromResult<IReadOnlyList<SourceProblem>>(problems);
    }

    public Task<SourceCapture> CaptureAsync(SourceCaptureContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stream = new ToolStream([.. context.SnapshotPath, config.Filename], ToCommand(config.Backup), cancellationToken);
        var capture = new SourceCapture { CleanupAsync = () => stream.DisposeAsync().AsTask() };
        capture.Items.Add(stream.Item);
        var description = capture.Description;
        description["kind"] = "command";
        description["file"] = config.Filename;
        description["backup"] = config.Backup.ToString();
        description["restore"] = config.Restore.ToString();
        return Task.FromResult(capture);
    }

    public async Task<ISourceRestore> RestoreAsync(SourceRestoreContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Description.RequireKind("command", config.Name);
        var file = context.Description.RequireString("file", config.Name);
        var snapshotFile = context.SnapshotPath.TrimEnd('/') + "/" + file;

        switch (context.Target)
        {
            case RestoreTarget.Scratch scratch:
            {
                // A drill cannot know where a command would put its data: the scratch copy is the dump itself.
                var directory = ScratchPath.Create(scratch, config.Name);
                var path = Path.Combine(directory, file);
                try
                {
                    await SnapshotFiles.CopyToFileAsync(context.Snapshot, snapshotFile, path, config.Name, cancellationToken);
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
                var previous = await SavePreviousAsync(context, cancellationToken);
                context.Log?.Invoke($"piping {file} into {config.Restore}");
                try
                {
                    await using var input = await SnapshotFiles.OpenAsync(context.Snapshot, snapshotFile, config.Name, cancellationToken);
                    await ToolRunner.PipeIntoAsync(ToCommand(config.Restore), input, cancellationToken);
                }
                catch
                {
                    var restore = new CommandRestore(this, previous, context.Log);
                    await restore.DisposeAsync(); // puts the previous state back when it was saved
                    throw;
                }

                return new CommandRestore(this, previous, context.Log);
            }

            case RestoreTarget.IntoDatabase:
                throw new SourceException(config.Name, "a command source is restored in place (through its restore command) or into a scratch directory");

            default:
                throw new ArgumentOutOfRangeException(nameof(context), context.Target, "unknown restore target");
        }
    }

    internal Task PipeBackAsync(string path, CancellationToken cancellationToken) => PipeFileAsync(path, cancellationToken);

    private async Task PipeFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var input = File.OpenRead(path);
        await ToolRunner.PipeIntoAsync(ToCommand(config.Restore), input, cancellationToken);
    }

    /// <summary>The current state, saved with the backup command so a rollback can restore it; an exception text when it could not be.</summary>
    private async Task<PreviousState> SavePreviousAsync(SourceRestoreContext context, CancellationToken cancellationToken)
    {
        var path = Path.Combine(context.ScratchDirectory, $"{config.Name}.previous");
        context.Log?.Invoke($"saving the current state with {config.Backup} for a rollback");
        try
        {
            Directory.CreateDirectory(context.ScratchDirectory);
            await using (var process = ToolProcess.Start(ToCommand(config.Backup), streamOutput: true))
            {
                await using (var output = new FileStream(path, FileMode.Create, FileAccess.Write))
                {
                    await process.StandardOutput.CopyToAsync(output, cancellationToken);
                }

                await process.EnsureSuccessAsync(cancellationToken);
            }

            return new PreviousState(path, null);
        }
        catch (SourceException ex)
        {
            PathSwap.Delete(path);
            context.Log?.Invoke($"the current state could not be saved, so this restore cannot be rolled back: {ex.Message}");
            return new PreviousState(null, ex.Message);
        }
    }

    private ToolCommand ToCommand(CommandLine line) =>
        new(config.Name, line.Program, [.. line.Arguments.Skip(1)]) { DisplayName = $"'{line}'" };

    private static RestoredLocation Location(string path) => new()
    {
        Path = path,
        Environment = new Dictionary<string, string> { ["LIFEBOAT_SOURCE_PATH"] = path },
    };

    internal sealed record PreviousState(string? Path, string? Failure);
}
