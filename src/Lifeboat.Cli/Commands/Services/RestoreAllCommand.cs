using System.CommandLine;
using Lifeboat.Orchestration;
using Lifeboat.Orchestration.Restore;

namespace Lifeboat.Cli.Commands.Services;

/// <summary>
/// <c>lifeboat restore-all</c>: every service from its latest snapshot, dependencies first, then by
/// priority (after a full disk loss).
/// </summary>
internal static class RestoreAllCommand
{
    public static Command Create()
    {
        var continueOnError = new Option<bool>("--continue-on-error") { Description = "Go on with the next services when one fails" };
        var options = new RestoreCliOptions();
        var command = new Command("restore-all", "Restore every service in dependency order") { continueOnError };
        options.AddTo(command);

        return command.Handle(async context =>
        {
            await using var services = await ServiceContext.LoadAsync(context);
            var order = services.Manifest.RestoreOrder();
            var runner = new ServiceRestoreRunner(services.Repositories, services.Log, context.Clock);
            var request = new RestoreRequest { NoSafetySnapshot = context.Get(options.NoSafetySnapshot) };

            var plans = new List<RestorePlan>();
            foreach (var service in order)
            {
                plans.Add(await runner.PlanAsync(service, request, context.CancellationToken));
            }

            context.Ui.Info($"restore order: {string.Join(" -> ", order.Select(s => s.Name))}");
            foreach (var plan in plans)
            {
                RestoreServiceCommand.PrintPlan(context, plan, request);
            }

            if (context.Get(options.DryRun))
            {
                context.Ui.Info("dry run: nothing was changed");
                return ExitCodes.Success;
            }

            options.Confirm(context, $"Replace the live data of {plans.Count} services with their latest snapshots?");
            var failed = new List<string>();
            foreach (var plan in plans)
            {
                try
                {
                    await runner.RestoreAsync(plan, request, context.CancellationToken);
                }
                catch (LifeboatException ex) when (context.Get(continueOnError))
                {
                    failed.Add(plan.Service.Name);
                    context.Ui.Error(ex.Message);
                }
            }

            if (failed.Count > 0)
            {
                context.Ui.Error($"{failed.Count} of {plans.Count} services failed to restore: {string.Join(", ", failed)}");
                return ExitCodes.Failure;
            }

            context.Ui.Info($"restored {plans.Count} services: {string.Join(", ", plans.Select(p => $"{p.Service.Name} ({ServiceSnapshots.Label(p.Snapshot)})"))}");
            return ExitCodes.Success;
        });
    }
}
