using System.CommandLine;
using System.Text.Json.Nodes;
using Lifeboat.Orchestration;
using Lifeboat.Orchestration.Restore;

namespace Lifeboat.Cli.Commands.Services;

/// <summary>
/// <c>lifeboat restore SERVICE [SNAPSHOT]</c>: restores a service from a snapshot, with a safety
/// snapshot and confirmation before live data is replaced.
/// </summary>
internal static class RestoreServiceCommand
{
    public static Command Create()
    {
        var serviceArgument = new Argument<string>("SERVICE") { Description = "The service to restore" };
        var snapshotArgument = new Argument<string>("SNAPSHOT") { Description = "latest (default), a snapshot id or prefix, or a time as 'list' shows it (yyyyMMdd_HHmm)", Arity = ArgumentArity.ZeroOrOne };
        var sources = new Option<string[]>("--source") { Description = "Restore only this source (repeatable)", HelpName = "NAME" };
        var into = new Option<string>("--into") { Description = "Restore the database source into this database name (or server URL) instead of in place", HelpName = "DATABASE" };
        var options = new RestoreCliOptions();
        var command = new Command("restore", "Restore one service from a snapshot") { serviceArgument, snapshotArgument, sources, into };
        options.AddTo(command);

        return command.Handle(async context =>
        {
            await using var services = await ServiceContext.LoadAsync(context);
            var service = services.Select([context.Get(serviceArgument)!])[0];
            var request = new RestoreRequest
            {
                Snapshot = context.Get(snapshotArgument) ?? "latest",
                Sources = context.Get(sources) ?? [],
                Into = context.Get(into),
                NoSafetySnapshot = context.Get(options.NoSafetySnapshot),
            };

            var runner = new ServiceRestoreRunner(services.Repositories, services.Log, context.Clock);
            var plan = await runner.PlanAsync(service, request, context.CancellationToken);
            PrintPlan(context, plan, request);
            if (context.Get(options.DryRun))
            {
                var leftovers = await runner.FindLeftoversAsync(plan, context.CancellationToken);
                foreach (var staging in leftovers.Staging)
                {
                    context.Ui.Info($"  remove {staging}, left by a restore that did not finish");
                }

                foreach (var setAside in leftovers.SetAside)
                {
                    context.Ui.Warning($"{setAside} holds what a restore that did not finish replaced; the restore would keep it");
                }

                context.Ui.Info("dry run: nothing was changed");
                return ExitCodes.Success;
            }

            if (plan.InPlace)
            {
                options.Confirm(context, $"Replace the live data of '{service.Name}' with snapshot {ServiceSnapshots.Label(plan.Snapshot)} ({plan.Snapshot.Id.ToShortString()})?");
            }

            var result = await runner.RestoreAsync(plan, request, context.CancellationToken);
            if (context.Ui.Json)
            {
                context.Ui.WriteJson(new JsonObject
                {
                    ["service"] = result.Service,
                    ["snapshot_id"] = result.Snapshot.ToString(),
                    ["safety_snapshot_id"] = result.SafetySnapshot?.ToString(),
                    ["skipped"] = result.Skipped,
                    ["seconds"] = Math.Round(result.Duration.TotalSeconds, 3),
                });
            }

            return ExitCodes.Success;
        });
    }

    public static void PrintPlan(CommandContext context, RestorePlan plan, RestoreRequest request)
    {
        var service = plan.Service;
        context.Ui.Info($"restore plan for '{service.Name}' from {ServiceSnapshots.Label(plan.Snapshot)} ({plan.Snapshot.Id.ToShortString()}):");
        if (service.Hooks.BeforeRestore is not null)
        {
            context.Ui.Info("  run the before_restore hook");
        }

        if (plan.InPlace)
        {
            context.Ui.Info(request.NoSafetySnapshot ? "  NO safety snapshot (--no-safety-snapshot)" : "  take a safety snapshot of the current state (tag pre-restore)");
            if (service.Stop is { } stop)
            {
                context.Ui.Info($"  stop the service: {stop}");
            }
        }

        foreach (var source in plan.Sources)
        {
            var where = source.Target switch
            {
                Sources.RestoreTarget.IntoDatabase into => $"into database {into.Database}",
                _ => "in place",
            };
            var ahead = plan.LoadedAhead.Contains(source.Name) ? ", loaded beside the live data while the safety snapshot is taken" : string.Empty;
            context.Ui.Info($"  restore {source.Name} ({source.Config.Kind}) {where}{ahead}");
        }

        foreach (var step in service.PostRestore)
        {
            context.Ui.Info($"  post-restore {step.Name}{(step.Description is null ? string.Empty : ": " + step.Description)}");
        }

        if (plan.InPlace && service.Start is { } start)
        {
            context.Ui.Info($"  start the service: {start}");
        }

        if (plan.InPlace && service.Health is not null)
        {
            context.Ui.Info("  wait for the health check");
        }
    }
}
