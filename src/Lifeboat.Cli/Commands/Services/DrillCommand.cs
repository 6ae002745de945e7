using System.CommandLine;
using System.Text.Json.Nodes;
using Lifeboat.Cli.Output;
using Lifeboat.Orchestration.Drills;

namespace Lifeboat.Cli.Commands.Services;

/// <summary>
/// <c>lifeboat drill [SERVICE...]</c>: restores into scratch targets, runs the verify checks, measures
/// the restore time and records the result. Exit 1 when a drill fails.
/// </summary>
internal static class DrillCommand
{
    public static Command Create()
    {
        var servicesArgument = new Argument<string[]>("SERVICE") { Description = "Services to drill (default: all with drills enabled)", Arity = ArgumentArity.ZeroOrMore };
        var snapshot = new Option<string>("--snapshot") { Description = "Drill this snapshot instead of the latest (id, prefix or yyyyMMdd_HHmm)", DefaultValueFactory = _ => "latest" };
        var keep = new Option<bool>("--keep") { Description = "Leave the scratch copy for inspection (and print where)" };
        var command = new Command("drill", "Restore into scratch targets and run the service's checks") { servicesArgument, snapshot, keep };
        return command.Handle(async context =>
        {
            await using var services = await ServiceContext.LoadAsync(context);
            var selected = services.Select(context.Get(servicesArgument) ?? [], s => s.Drill.Enabled);
            var runner = new DrillRunner(services.Repositories, services.Log, context.Clock);
            var results = new List<DrillResult>();
            foreach (var service in selected)
            {
                results.Add(await runner.DrillAsync(service, context.Get(snapshot)!, context.Get(keep), context.CancellationToken));
            }

            if (context.Ui.Json)
            {
                context.Ui.WriteJson(new JsonArray(results.Select(r => (JsonNode)new JsonObject
                {
                    ["service"] = r.Service,
                    ["passed"] = r.Passed,
                    ["snapshot_id"] = r.Snapshot.ToString(),
                    ["snapshot_time"] = r.SnapshotLabel,
                    ["restore_seconds"] = Math.Round(r.RestoreDuration.TotalSeconds, 3),
                    ["seconds"] = Math.Round(r.Duration.TotalSeconds, 3),
                    ["error"] = r.Error,
                    ["kept_at"] = r.KeptAt,
                    ["checks"] = new JsonArray(r.Checks.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["passed"] = c.Passed, ["failure"] = c.Failure }).ToArray()),
                }).ToArray()));
            }
            else
            {
                context.Ui.WriteTable(
                    ["Service", "Result", "Snapshot", "Restore time", "Checks", "Total"],
                    results.Select(r => (IReadOnlyList<string>)
                    [
                        r.Service,
                        r.Passed ? "PASS" : "FAIL",
                        r.SnapshotLabel,
                        Format.Duration(r.RestoreDuration),
                        $"{r.Checks.Count(c => c.Passed)}/{r.Checks.Count} passed",
                        Format.Duration(r.Duration),
                    ]));
            }

            return results.All(r => r.Passed) ? ExitCodes.Success : ExitCodes.Failure;
        });
    }
}
