using System.CommandLine;
using Lifeboat.Repository.Locks;
using Lifeboat.Repository.Maintenance;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary><c>lifeboat repo repair index</c>: rebuilds the index from the packs' headers.</summary>
internal static class RepairCommand
{
    public static Command Create()
    {
        var repair = new Command("repair", "Repair the repository (index)");
        var index = new Command("index", "Rebuild the index from the packs' headers (when index files are lost or damaged)");
        index.Handle(async context =>
        {
            await using var repository = await RepositoryAccess.OpenAsync(context, loadIndex: false);
            await using var repositoryLock = await RepositoryLock.AcquireAsync(repository, exclusive: true, cancellationToken: context.CancellationToken);
            context.Ui.Info("reading the headers of all packs");
            var result = await new IndexRebuilder(repository).RebuildAsync(context.CancellationToken);
            foreach (var problem in result.Problems)
            {
                context.Ui.Error(problem);
            }

            context.Ui.Info($"indexed {result.Blobs} blobs in {result.Packs} packs: {result.NewIndexFiles.Count} new index files, {result.RemovedIndexFiles} old ones removed");
            return result.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        repair.Subcommands.Add(index);
        return repair;
    }
}
