using System.CommandLine;
using Lifeboat.Cli.Commands.Repo;
using Lifeboat.Orchestration;
using Lifeboat.Orchestration.Retention;
using Lifeboat.Repository.Locks;
using Lifeboat.Repository.Maintenance;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Storage;

namespace Lifeboat.Cli.Commands.Services;

/// <summary>
/// <c>lifeboat forget [SERVICE...] [--prune] [--dry-run]</c>: each service's retention (its own or the
/// defaults) applied to that service's snapshots only.
/// </summary>
internal static class ForgetServicesCommand
{
    public static Command Create()
    {
        var servicesArgument = new Argument<string[]>("SERVICE") { Description = "Services (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var prune = new Option<bool>("--prune") { Description = "Prune the repositories afterwards" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Show what would be removed, remove nothing" };
        var command = new Command("forget", "Apply each service's retention policy") { servicesArgument, prune, dryRun };
        return command.Handle(async context =>
        {
            await using var services = await ServiceContext.LoadAsync(context);
            var isDryRun = context.Get(dryRun);
            var touched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var service in services.Select(context.Get(servicesArgument) ?? []))
            {
                var retention = RetentionPolicies.For(service, services.Manifest);
                if (retention is null)
                {
                    context.Ui.Info($"{service.Name}: no retention declared; keeping every snapshot");
                    continue;
                }

                var policy = RetentionPolicies.ToPolicy(retention);
                var repository = await services.Repositories.ForServiceAsync(service, context.CancellationToken);
                await using var repositoryLock = isDryRun ? null : await RepositoryLock.AcquireAsync(repository, exclusive: true, cancellationToken: context.CancellationToken);
                var snapshots = await ServiceSnapshots.ListAsync(repository, service.Name, context.CancellationToken);

                // Backups and the safety snapshots restores took (the state they replaced) are kept apart:
                // a safety snapshot never pushes a backup out of the policy.
                var results = snapshots.GroupBy(s => s.HasTag(ServiceSnapshots.PreRestoreTag)).Select(g => policy.Apply(g.ToList(), context.Clock)).ToList();
                var keep = results.Sum(r => r.Keep.Count);
                var remove = results.SelectMany(r => r.Remove).OrderBy(s => s.Time).ToList();
                context.Ui.Info($"{service.Name}: {policy}: keep {keep}, remove {remove.Count}");
                foreach (var snapshot in remove)
                {
                    context.Ui.Info($"  {(isDryRun ? "would remove" : "removing")} {ServiceSnapshots.Label(snapshot)} {snapshot.Id.ToShortString()}");
                    if (!isDryRun)
                    {
                        await repository.Backend.RemoveAsync(new BackendFile(FileType.Snapshot, snapshot.Id.ToString()), context.CancellationToken);
                    }
                }

                if (remove.Count > 0)
                {
                    touched.Add(service.Repository);
                }
            }

            if (context.Get(prune))
            {
                foreach (var name in touched)
                {
                    var repository = await services.Repositories.GetAsync(name, context.CancellationToken);
                    await using var repositoryLock = isDryRun ? null : await RepositoryLock.AcquireAsync(repository, exclusive: true, cancellationToken: context.CancellationToken);
                    context.Ui.Info($"pruning repository '{name}'");
                    await PruneCommand.RunAsync(context, repository, new PruneOptions { DryRun = isDryRun });
                }
            }

            return ExitCodes.Success;
        });
    }
}
