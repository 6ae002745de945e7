using System.Text;
using System.Text.Json.Nodes;
using Lifeboat.Manifest;
using Lifeboat.Repository.Archiver;
using Lifeboat.Sources.FileSystem;

namespace Lifeboat.Sources.Env;

/// <summary>
/// A dotenv file, whole or only the listed keys (a config slice: just those <c>KEY=VALUE</c> lines).
/// A whole file is restored by writing it beside the live one and renaming it over; a slice is merged
/// into the current file (its keys' lines replaced or appended, every other line, comment and the order
/// kept) and the result renamed over it the same way. The replaced file is kept aside until commit.
/// Values are secrets: they go into the (encrypted) snapshot and nowhere else, never into a message or
/// the description.
/// </summary>
public sealed class EnvSource(EnvSourceConfig config) : IDataSource
{
    public SourceConfig Config => config;

    private string FullPath => Path.GetFullPath(config.Path);

    private bool IsSlice => config.Keys.Count > 0;

    public async Task<IReadOnlyList<SourceProblem>> DiagnoseAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<SourceProblem>();
        try
        {
            var file = EnvFile.Parse(await File.ReadAllTextAsync(FullPath, cancellationToken));
            if (IsSlice)
            {
                file.Slice(config.Keys, out var missing);
                if (missing.Count > 0)
                {
                    problems.Add(new SourceProblem(config.Name, $"{FullPath} does not set {string.Join(", ", missing)}",
                        "add the keys to the file, or remove them from the source's keys"));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add(new SourceProblem(config.Name, $"cannot read {FullPath}: {Describe(ex)}", "check the source's path and that it is readable"));
        }

        return problems;
    }

    public Task<RestoreLeftovers> SweepRestoreLeftoversAsync(string? into, bool removeStaging, CancellationToken cancellationToken = default) =>
        Task.FromResult(SiblingPath.Sweep([FullPath], removeStaging));

    public async Task<SourceCapture> CaptureAsync(SourceCaptureContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(FullPath, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SourceException(config.Name, $"cannot read {FullPath}: {Describe(ex)}", ex) { Hint = "check the source's path" };
        }

        if (IsSlice)
        {
            var slice = EnvFile.Parse(Encoding.UTF8.GetString(content)).Slice(config.Keys, out var missing);
            if (missing.Count > 0)
            {
                throw new SourceException(config.Name, $"{FullPath} does not set {string.Join(", ", missing)}")
                {
                    Hint = "add the keys to the file, or remove them from the source's keys",
                };
            }

            content = Encoding.UTF8.GetBytes(slice.ToString());
        }

        var name = Path.GetFileName(FullPath);
        var capture = new SourceCapture();
        capture.Items.Add(new BackupItem.Bytes([.. context.SnapshotPath, name], content));
        var description = capture.Description;
        description["kind"] = "env";
        description["file"] = name;
        description["path"] = FullPath;
        description["layout"] = IsSlice ? "keys" : "whole";
        if (IsSlice)
        {
            description["keys"] = new JsonArray([.. config.Keys.Select(k => (JsonNode?)k)]);
        }

        description.AddOwnership(FileOwnership.Of(FullPath));
        return capture;
    }

    public async Task<ISourceRestore> RestoreAsync(SourceRestoreContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Description.RequireKind("env", config.Name);
        var file = context.Description.RequireString("file", config.Name);
        var isSlice = context.Description.GetString("layout") == "keys";
        var snapshotFile = context.SnapshotPath.TrimEnd('/') + "/" + file;

        switch (context.Target)
        {
            case RestoreTarget.Scratch scratch:
            {
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
                var target = FullPath;
                Directory.CreateDirectory(Path.GetDirectoryName(target) ?? "/");
                var id = SiblingPath.NewId();
                var staged = SiblingPath.Restoring(target, id);
                try
                {
                    if (isSlice && File.Exists(target))
                    {
                        context.Log?.Invoke($"merging {file}'s keys into {target}");
                        var slice = EnvFile.Parse(Encoding.UTF8.GetString(await context.Snapshot.ReadFileAsync(snapshotFile, cancellationToken)));
                        var current = EnvFile.Parse(await File.ReadAllTextAsync(target, cancellationToken));
                        await WriteNewAsync(staged, Encoding.UTF8.GetBytes(current.Merge(slice).ToString()), cancellationToken);
                    }
                    else
                    {
                        context.Log?.Invoke($"writing {file} beside {target}");
                        await SnapshotFiles.CopyToFileAsync(context.Snapshot, snapshotFile, staged, config.Name, cancellationToken);
                    }

                    (FileOwnership.Of(target) ?? context.Description.GetOwnership())?.ApplyTo(staged);
                    return new PathSwapRestore(Location(target), PathSwap.Apply(staged, target, id));
                }
                catch
                {
                    PathSwap.Delete(staged);
                    throw;
                }
            }

            case RestoreTarget.IntoDatabase:
                throw new SourceException(config.Name, "an env source is restored in place or into a scratch directory, not into a database");

            default:
                throw new ArgumentOutOfRangeException(nameof(context), context.Target, "unknown restore target");
        }
    }

    private static async Task WriteNewAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        await using var stream = new FileStream(path, options);
        await stream.WriteAsync(content, cancellationToken);
        stream.Flush(flushToDisk: true);
    }

    private static RestoredLocation Location(string path) => new()
    {
        Path = path,
        Environment = new Dictionary<string, string> { ["LIFEBOAT_SOURCE_PATH"] = path },
    };

    private static string Describe(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        _ => ex.Message,
    };
}
