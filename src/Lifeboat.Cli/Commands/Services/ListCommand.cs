using System.CommandLine;
using System.Text.Json.Nodes;
using Lifeboat.Cli.Output;
using Lifeboat.Orchestration;
using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Cli.Commands.Services;

/// <summary>
/// <c>lifeboat list [SERVICE]</c>: the latest snapshot of every service (time label, age, size), or
/// one service's whole history.
/// </summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var serviceArgument = new Argument<string>("SERVICE") { Description = "Show this service's whole history", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", "List snapshots per service") { serviceArgument };
        return command.Handle(async context =>
        {
            await using var services = await ServiceContext.LoadAsync(context);
            var name = context.Get(serviceArgument);
            var selected = services.Select(name is null ? [] : [name]);
            var now = context.Clock.GetUtcNow();
            var rows = new List<(string Service, Snapshot? Snapshot)>();
            foreach (var service in selected)
            {
                var repository = await services.Repositories.ForServiceAsync(service, context.CancellationToken);
                var snapshots = await ServiceSnapshots.ListAsync(repository, service.Name, context.CancellationToken);
                if (name is null)
                {
                    // The latest backup, as 'restore' means it: not the safety snapshot of the state a restore replaced.
                    rows.Add((service.Name, snapshots.LastOrDefault(s => !s.HasTag(ServiceSnapshots.PreRestoreTag)) ?? snapshots.LastOrDefault()));
                }
                else
                {
                    rows.AddRange(Enumerable.Reverse(snapshots).Select(s => (service.Name, (Snapshot?)s)));
                }
            }

            if (context.Ui.Json)
            {
                context.Ui.WriteJson(new JsonArray(rows.Select(r => (JsonNode)new JsonObject
                {
                    ["service"] = r.Service,
                    ["snapshot_id"] = r.Snapshot?.Id.ToString(),
                    ["time"] = r.Snapshot?.Time.ToString(),
                    ["label"] = r.Snapshot is { } s ? ServiceSnapshots.Label(s) : null,
                    ["age"] = r.Snapshot is { } a ? ServiceSnapshots.Age(a, now) : null,
                    ["size"] = r.Snapshot?.Summary?.TotalBytesProcessed,
                    ["tags"] = r.Snapshot?.Tags is { } tags ? new JsonArray(tags.Select(t => (JsonNode)t).ToArray()) : null,
                }).ToArray()));
                return ExitCodes.Success;
            }

            if (name is null)
            {
                context.Ui.WriteTable(
                    ["Service", "Latest", "Age", "Size", "Snapshot"],
                    rows.Select(r => (IReadOnlyList<string>)(r.Snapshot is { } s
                        ? [r.Service, ServiceSnapshots.Label(s), ServiceSnapshots.Age(s, now), Size(s), s.Id.ToShortString()]
                        : [r.Service, "never", "-", "-", "-"])));
            }
            else
            {
                context.Ui.WriteTable(
                    ["Time", "Age", "Size", "Snapshot", "Tags"],
                    rows.Select(r => (IReadOnlyList<string>)
                    [
                        ServiceSnapshots.Label(r.Snapshot!),
                        ServiceSnapshots.Age(r.Snapshot!, now),
                        Size(r.Snapshot!),
                        r.Snapshot!.Id.ToShortString(),
                        string.Join(",", (r.Snapshot.Tags ?? []).Where(t => t is not ServiceSnapshots.LifeboatTag && !t.StartsWith("service=", StringComparison.Ordinal))),
                    ]),
                    $"{rows.Count} snapshots");
            }

            return ExitCodes.Success;
        });
    }

    private static string Size(Snapshot snapshot) => snapshot.Summary is { } summary ? Format.Bytes(summary.TotalBytesProcessed) : "?";
}
