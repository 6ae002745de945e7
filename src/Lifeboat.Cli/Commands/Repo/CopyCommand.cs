using System.CommandLine;
using System.Text.Json.Nodes;
using Lifeboat.Repository.Locks;
using Lifeboat.Repository.Maintenance;
using Lifeboat.Secrets;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary>
/// <c>lifeboat repo copy --from-repo R2 [SNAPSHOT...]</c>: copies snapshots from R2 into the repository
/// given by -r (off-site copies). Already copied snapshots are skipped; blobs the destination has are not
/// copied again.
/// </summary>
internal static class CopyCommand
{
    public static Command Create()
    {
        var ids = new Argument<string[]>("SNAPSHOT") { Description = "Snapshots to copy (default: all matching the filters)", Arity = ArgumentArity.ZeroOrMore };
        var fromRepo = new Option<string>("--from-repo") { Description = "Source repository (or $LIFEBOAT_FROM_REPOSITORY, $RESTIC_FROM_REPOSITORY)", HelpName = "REPOSITORY" };
        var fromPasswordFile = new Option<string>("--from-password-file") { Description = "Source repository's password file (or $LIFEBOAT_FROM_PASSWORD_FILE)", HelpName = "FILE" };
        var fromPasswordCommand = new Option<string>("--from-password-command") { Description = "Command printing the source repository's password", HelpName = "COMMAND" };
        var command = new Command("copy", "Copy snapshots from another repository") { ids, fromRepo, fromPasswordFile, fromPasswordCommand };
        var filter = new SnapshotFilterOptions();
        filter.AddTo(command);

        return command.Handle(async context =>
        {
            var sourceLocation = context.Get(fromRepo)
                ?? Environment.GetEnvironmentVariable("LIFEBOAT_FROM_REPOSITORY")
                ?? Environment.GetEnvironmentVariable("RESTIC_FROM_REPOSITORY")
                ?? throw new UsageException("no source repository: use --from-repo");
            var sourcePassword = await ResolveSourcePasswordAsync(context, context.Get(fromPasswordFile), context.Get(fromPasswordCommand));

            await using var destination = await RepositoryAccess.OpenAsync(context, loadIndex: false);
            var sourceBackend = RepositoryAccess.Registry.Open(sourceLocation);
            await using var source = await Repository.Repository.OpenAsync(sourceBackend, sourcePassword, context.CancellationToken);
            if (source.Config.Id == destination.Config.Id)
            {
                throw new UsageException("source and destination are the same repository");
            }

            await using var sourceLock = await RepositoryLock.AcquireAsync(source, exclusive: false, cancellationToken: context.CancellationToken);
            await using var destinationLock = await RepositoryLock.AcquireAsync(destination, exclusive: false, cancellationToken: context.CancellationToken);

            // Indexes only under the locks: a prune in between could delete blobs the copy would then skip.
            await source.LoadIndexAsync(context.CancellationToken);
            await RepositoryAccess.LoadIndexAsync(context, destination);

            var specs = context.Get(ids) ?? [];
            var snapshots = specs.Length == 0
                ? filter.BuildFilter(context).Apply(await source.LoadSnapshotsAsync(null, context.CancellationToken)).ToList()
                : [.. await Task.WhenAll(specs.Select(s => SnapshotFilterOptions.ResolveAsync(source, s, _ => true, context.CancellationToken)))];

            var copier = new SnapshotCopier(source, destination) { OnSnapshot = context.Ui.Info };
            var result = await copier.CopyAsync(snapshots, context.CancellationToken);
            if (context.Ui.Json)
            {
                context.Ui.WriteJson(new JsonObject
                {
                    ["message_type"] = "summary",
                    ["copied"] = new JsonArray(result.Copied.Select(c => (JsonNode)new JsonObject { ["source"] = c.Source.ToString(), ["destination"] = c.Destination.ToString() }).ToArray()),
                    ["skipped"] = result.Skipped,
                    ["blobs_copied"] = result.BlobsCopied,
                    ["bytes_stored"] = result.BytesStored,
                });
            }
            else
            {
                context.Ui.Info($"copied {result.Copied.Count} snapshots ({result.BlobsCopied} blobs, {Output.Format.Bytes(result.BytesStored)} stored), skipped {result.Skipped}");
            }

            return ExitCodes.Success;
        });
    }

    private static async Task<string> ResolveSourcePasswordAsync(CommandContext context, string? file, string? command)
    {
        file ??= Environment.GetEnvironmentVariable("LIFEBOAT_FROM_PASSWORD_FILE") ?? Environment.GetEnvironmentVariable("RESTIC_FROM_PASSWORD_FILE");
        command ??= Environment.GetEnvironmentVariable("LIFEBOAT_FROM_PASSWORD_COMMAND") ?? Environment.GetEnvironmentVariable("RESTIC_FROM_PASSWORD_COMMAND");
        if (file is not null)
        {
            return await SecretReader.FromFileAsync(file, context.CancellationToken);
        }

        if (command is not null)
        {
            return await SecretReader.FromCommandAsync(command, context.CancellationToken);
        }

        var value = Environment.GetEnvironmentVariable("LIFEBOAT_FROM_PASSWORD") ?? Environment.GetEnvironmentVariable("RESTIC_FROM_PASSWORD");
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        return context.Ui.CanPrompt
            ? RepositoryAccess.Prompt("enter password for source repository: ")
            : throw new ConfigurationException("no password for the source repository: use --from-password-file, --from-password-command or $LIFEBOAT_FROM_PASSWORD");
    }
}
