using System.CommandLine;
using System.Text.Json.Nodes;
using Lifeboat.Cli.Output;
using Lifeboat.Repository.Filtering;
using Lifeboat.Repository.Restorer;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary><c>lifeboat repo restore SNAPSHOT --target DIR</c>.</summary>
internal static class RestoreCommand
{
    public static Command Create()
    {
        var snapshotArgument = new Argument<string>("SNAPSHOT") { Description = "latest, a snapshot id or a unique prefix" };
        var target = new Option<string>("--target", "-t") { Description = "Directory to restore into (paths are recreated below it)", Required = true, HelpName = "DIR" };
        var include = new Option<string[]>("--include", "-i") { Description = "Restore only paths matching this pattern (repeatable)", HelpName = "PATTERN" };
        var exclude = new Option<string[]>("--exclude", "-e") { Description = "Do not restore paths matching this pattern (repeatable)", HelpName = "PATTERN" };
        var noLock = RepositoryAccess.NoLockOption();
        var command = new Command("restore", "Restore a snapshot into a directory") { snapshotArgument, target, include, exclude, noLock };
        var filter = new SnapshotFilterOptions();
        filter.AddTo(command);

        return command.Handle(async context =>
        {
            var includes = context.Get(include) ?? [];
            var excludes = context.Get(exclude) ?? [];
            if (includes.Length > 0 && excludes.Length > 0)
            {
                throw new UsageException("--include and --exclude cannot be combined");
            }

            var options = new RestoreOptions
            {
                Target = context.Get(target)!,
                Include = new PatternList(includes),
                Exclude = new PatternList(excludes),
            };

            await using var repository = await RepositoryAccess.OpenAsync(context, loadIndex: false);

            // The restore starts while the lock settles; a conflict found then stops it and is the error.
            await using var repositoryLock = await RepositoryAccess.LockForReadingAsync(context, repository, context.Get(noLock), settleInBackground: true);
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, repositoryLock?.Lost ?? CancellationToken.None);
            var snapshot = await SnapshotFilterOptions.ResolveAsync(repository, context.Get(snapshotArgument)!, filter.Build(context), context.CancellationToken);
            context.Ui.Info($"restoring snapshot {snapshot.Id.ToShortString()} of [{string.Join(", ", snapshot.Paths)}] at {SnapshotJson.LocalTime(snapshot)} to {Path.GetFullPath(options.Target)}");

            var progress = new ProgressDisplay(context.Ui, "restoring");
            options = options with
            {
                Progress = new InlineProgress<RestoreProgress>(p => progress.Update(p.BytesDone, p.BytesTotal, p.FilesDone, p.FilesTotal, p.CurrentFile)),
            };
            RestoreResult result;
            try
            {
                result = await progress.RunAsync(() => new SnapshotRestorer(repository, options).RestoreAsync(snapshot, stopping.Token));
            }
            catch (OperationCanceledException) when (repositoryLock is { Lost.IsCancellationRequested: true })
            {
                await repositoryLock.EnsureHeldAsync(); // throws what the lock conflicts with
                throw;
            }

            if (repositoryLock is not null)
            {
                await repositoryLock.EnsureHeldAsync(context.CancellationToken);
            }

            foreach (var error in result.Errors)
            {
                context.Ui.Error($"{error.Path}: {error.Message}");
            }

            if (context.Ui.Json)
            {
                context.Ui.WriteJson(new JsonObject
                {
                    ["message_type"] = "summary",
                    ["snapshot_id"] = snapshot.Id.ToString(),
                    ["files_restored"] = result.Files,
                    ["dirs_restored"] = result.Directories,
                    ["bytes_restored"] = result.Bytes,
                    ["seconds_elapsed"] = Math.Round(result.Duration.TotalSeconds, 3),
                    ["errors"] = new JsonArray(result.Errors.Select(e => (JsonNode)new JsonObject { ["path"] = e.Path, ["message"] = e.Message }).ToArray()),
                });
            }
            else
            {
                context.Ui.Info($"restored {result.Files} files, {result.Directories} directories, {Format.Bytes(result.Bytes)} in {Format.Duration(result.Duration)}"
                    + (result.Succeeded ? string.Empty : $"; {result.Errors.Count} paths failed"));
            }

            return result.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
        });
    }
}
