using System.CommandLine;
using System.Text.Json.Nodes;
using Lifeboat.Cli.Output;
using Lifeboat.Repository.Locks;
using Lifeboat.Repository.Maintenance;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary><c>lifeboat repo prune [--max-unused 5%] [--dry-run]</c>.</summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var maxUnused = new Option<string>("--max-unused") { Description = "Tolerated unused data after the prune: a percentage of the repository (5%), a size (100M) or 'unlimited'", DefaultValueFactory = _ => "5%" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Show what would be removed, change nothing" };
        var removeAll = new Option<bool>("--unsafe-allow-remove-all") { Description = "Allow pruning a repository that has no snapshots (removes all data)" };
        var command = new Command("prune", "Remove data no snapshot references") { maxUnused, dryRun, removeAll };
        return command.Handle(async context =>
        {
            var options = new PruneOptions
            {
                MaxUnused = MaxUnused.Parse(context.Get(maxUnused)!),
                DryRun = context.Get(dryRun),
                AllowRemoveAll = context.Get(removeAll),
            };
            await using var repository = await RepositoryAccess.OpenAsync(context, loadIndex: false);
            var pruner = new Pruner(repository) { OnPhase = phase => context.Ui.Info(phase) };

            // What the prune reads (indexes, packs, the trees of every snapshot) is read while the
            // exclusive lock settles; nothing is changed before the lock is confirmed.
            PruneState? state = null;
            await using var repositoryLock = await RepositoryLock.AcquireAsync(
                repository, exclusive: true, cancellationToken: context.CancellationToken,
                whileSettling: async cancellationToken => state = await pruner.ReadAsync(options, cancellationToken));
            Report(context, await pruner.PruneAsync(state!, options, context.CancellationToken), options);
            return ExitCodes.Success;
        });
    }

    /// <summary>Prunes an open repository (the caller holds an exclusive lock) and prints the outcome.</summary>
    public static async Task RunAsync(CommandContext context, Repository.Repository repository, PruneOptions options)
    {
        var pruner = new Pruner(repository) { OnPhase = phase => context.Ui.Info(phase) };
        Report(context, await pruner.PruneAsync(options, context.CancellationToken), options);
    }

    private static void Report(CommandContext context, PrunePlan plan, PruneOptions options)
    {
        if (context.Ui.Json)
        {
            context.Ui.WriteJson(new JsonObject
            {
                ["message_type"] = "summary",
                ["dry_run"] = options.DryRun,
                ["packs_deleted"] = plan.PacksToDelete.Count,
                ["packs_repacked"] = plan.PacksToRepack.Count,
                ["packs_unreferenced"] = plan.UnreferencedPacks,
                ["packs_protected"] = plan.ProtectedPacks.Count,
                ["new_packs"] = plan.NewPacks,
                ["used_blobs"] = plan.UsedBlobs,
                ["unused_blobs"] = plan.UnusedBlobs,
                ["total_bytes"] = plan.TotalBytes,
                ["bytes_freed"] = plan.BytesFreed,
                ["unused_bytes_after"] = plan.UnusedBytesAfter,
                ["staged_files_removed"] = plan.StagedFilesRemoved,
            });
            return;
        }

        context.Ui.Info($"used:          {plan.UsedBlobs} blobs");
        context.Ui.Info($"unused:        {plan.UnusedBlobs} blobs");
        context.Ui.Info($"to delete:     {plan.PacksToDelete.Count} packs ({plan.UnreferencedPacks} not referenced by any index)");
        context.Ui.Info($"to repack:     {plan.PacksToRepack.Count} packs");
        if (plan.ProtectedPacks.Count > 0)
        {
            context.Ui.Warning($"{plan.ProtectedPacks.Count} packs were left alone: a stale lock shows a backup that may still be running could have written them");
        }

        context.Ui.Info($"frees:         {Format.Bytes(plan.BytesFreed)} of {Format.Bytes(plan.TotalBytes)}; unused afterwards: {Format.Bytes(plan.UnusedBytesAfter)}");
        if (plan.StagedFilesRemoved > 0)
        {
            context.Ui.Info($"removed {plan.StagedFilesRemoved} temporary files left by interrupted backups");
        }

        context.Ui.Info(options.DryRun ? "dry run: nothing was changed" : plan.Done ? "done" : "nothing to do");
    }
}
