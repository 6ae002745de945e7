using System.CommandLine;
using Lifeboat.Cli.Output;
using Lifeboat.Repository;
using Lifeboat.Repository.Locks;
using Lifeboat.Repository.Maintenance;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Storage;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary>
/// <c>lifeboat repo forget</c>: removes snapshots by id or by restic's retention policy, per group of
/// host and paths (or <c>--group-by</c>), optionally followed by a prune.
/// </summary>
internal static class ForgetCommand
{
    public static Command Create()
    {
        var ids = new Argument<string[]>("SNAPSHOT") { Description = "Snapshots to remove (ids or prefixes); or use a policy", Arity = ArgumentArity.ZeroOrMore };
        var policy = new ForgetPolicyOptions();
        var groupBy = new Option<string>("--group-by", "-g") { Description = "Group snapshots by host, paths and/or tags (comma-separated; '' for one group)", DefaultValueFactory = _ => "host,paths" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Show what would be removed, remove nothing" };
        var prune = new Option<bool>("--prune") { Description = "Prune the repository afterwards" };
        var maxUnused = new Option<string>("--max-unused") { Description = "With --prune: tolerated unused space", DefaultValueFactory = _ => "5%" };
        var command = new Command("forget", "Remove snapshots according to a retention policy") { ids, groupBy, dryRun, prune, maxUnused };
        policy.AddTo(command);
        var filter = new SnapshotFilterOptions();
        filter.AddTo(command);

        return command.Handle(async context =>
        {
            var forgetPolicy = policy.Build(context);
            var problems = forgetPolicy.Validate();
            if (problems.Count > 0)
            {
                throw new UsageException(string.Join("; ", problems));
            }

            var explicitIds = context.Get(ids) ?? [];
            if (explicitIds.Length > 0 && !forgetPolicy.IsEmpty)
            {
                throw new UsageException("give either snapshot ids or a policy, not both");
            }

            var grouping = SnapshotGrouping.Parse(context.Get(groupBy) ?? "host,paths");
            var isDryRun = context.Get(dryRun);
            await using var repository = await RepositoryAccess.OpenAsync(context, loadIndex: false);
            await using var repositoryLock = await RepositoryLock.AcquireAsync(repository, exclusive: !isDryRun, cancellationToken: context.CancellationToken);

            var snapshots = await repository.LoadSnapshotsAsync(null, context.CancellationToken);
            var toRemove = new List<Snapshot>();
            if (explicitIds.Length > 0)
            {
                foreach (var spec in explicitIds)
                {
                    toRemove.Add(await SnapshotFilterOptions.ResolveAsync(repository, spec, _ => true, context.CancellationToken));
                }
            }
            else if (forgetPolicy.IsEmpty)
            {
                context.Ui.Warning("no policy was given: no snapshots will be removed");
            }
            else
            {
                var selected = filter.BuildFilter(context).Apply(snapshots);
                var groups = forgetPolicy.ApplyToGroups(selected, grouping, context.Clock.GetUtcNow());
                if (context.Ui.Json)
                {
                    context.Ui.WriteData(ForgetGroupJson.Serialize(ForgetGroupJson.From(groups, grouping)) + "\n");
                }
                else
                {
                    context.Ui.Info($"Applying policy: {forgetPolicy}");
                    foreach (var group in groups)
                    {
                        PrintGroup(context, group);
                    }
                }

                toRemove.AddRange(groups.SelectMany(g => g.Result.Remove));
            }

            if (!isDryRun)
            {
                foreach (var snapshot in toRemove)
                {
                    await repository.Backend.RemoveAsync(new BackendFile(FileType.Snapshot, snapshot.Id.ToString()), context.CancellationToken);
                }
            }

            context.Ui.Info(isDryRun
                ? $"would remove {toRemove.Count} snapshots (dry run)"
                : $"removed {toRemove.Count} snapshots");

            if (context.Get(prune) && toRemove.Count > 0)
            {
                await PruneCommand.RunAsync(context, repository, new PruneOptions
                {
                    MaxUnused = MaxUnused.Parse(context.Get(maxUnused)!),
                    DryRun = isDryRun,
                });
            }

            return ExitCodes.Success;
        });
    }

    private static void PrintGroup(CommandContext context, ForgetGroupResult group)
    {
        var key = group.Key;
        context.Ui.Info(string.Empty);
        context.Ui.Info($"snapshots for (host [{key.Hostname}]{(key.Paths is null ? string.Empty : $", paths [{string.Join(", ", key.Paths)}]")}{(key.Tags is null ? string.Empty : $", tags [{string.Join(", ", key.Tags)}]")}):");
        var reasons = group.Result.Reasons.ToDictionary(r => r.Snapshot.Id, r => string.Join(", ", r.Matches));
        context.Ui.WriteTable(
            ["ID", "Time", "Host", "Tags", "Reasons"],
            group.Result.Keep.Select(s => (IReadOnlyList<string>)
            [
                s.Id.ToShortString(),
                SnapshotJson.LocalTime(s),
                s.Hostname ?? string.Empty,
                string.Join(",", s.Tags ?? []),
                reasons.GetValueOrDefault(s.Id, string.Empty),
            ]),
            $"keep {group.Result.Keep.Count} snapshots");
        if (group.Result.Remove.Count > 0)
        {
            context.Ui.WriteTable(
                ["ID", "Time", "Host", "Tags"],
                group.Result.Remove.Select(s => (IReadOnlyList<string>)
                [
                    s.Id.ToShortString(),
                    SnapshotJson.LocalTime(s),
                    s.Hostname ?? string.Empty,
                    string.Join(",", s.Tags ?? []),
                ]),
                $"remove {group.Result.Remove.Count} snapshots");
        }
    }
}
