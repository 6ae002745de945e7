using System.CommandLine;
using System.Text.Json.Nodes;
using Lifeboat.Cli.Output;
using Lifeboat.Manifest;
using Lifeboat.Orchestration.Evidence;
using Lifeboat.Orchestration.Status;

namespace Lifeboat.Cli.Commands.Services;

/// <summary>
/// <c>lifeboat status</c>: per service, the evidence against its targets. Exit 0 when every target
/// holds, 3 when any is missed (for monitors).
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var servicesArgument = new Argument<string[]>("SERVICE") { Description = "Only these services", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("status", "Backup, check and drill evidence against RPO/RTO targets") { servicesArgument };
        return command.Handle(async context =>
        {
            await using var services = await ServiceContext.LoadAsync(context);
            var reporter = new StatusReporter(services.Repositories, context.Clock);
            var statuses = new List<ServiceStatus>();
            foreach (var service in services.Select(context.Get(servicesArgument) ?? []))
            {
                statuses.Add(await reporter.ComputeAsync(service, context.CancellationToken));
            }

            if (context.Ui.Json)
            {
                context.Ui.WriteJson(ToJson(statuses));
            }
            else
            {
                Print(context, statuses);
            }

            return statuses.All(s => s.TargetsHold) ? ExitCodes.Success : ExitCodes.TargetMissed;
        });
    }

    public static JsonArray ToJson(IEnumerable<ServiceStatus> statuses) =>
        new(statuses.Select(s => (JsonNode)new JsonObject
        {
            ["service"] = s.Service,
            ["ok"] = s.TargetsHold,
            ["latest_snapshot"] = s.LatestSnapshot,
            ["latest_time"] = s.LatestTime?.ToString("o"),
            ["age_seconds"] = s.Age is { } age ? (long)age.TotalSeconds : null,
            ["rpo_seconds"] = s.Rpo?.TotalSeconds,
            ["rpo"] = s.RpoState.ToString().ToLowerInvariant(),
            ["snapshots"] = s.SnapshotCount,
            ["latest_size"] = s.LatestSize,
            ["retention"] = s.Retention,
            ["last_backup"] = Evidence(s.LastBackup),
            ["last_check"] = Evidence(s.LastCheck),
            ["last_drill"] = Evidence(s.LastDrill),
            ["restore_seconds"] = s.RestoreTime?.TotalSeconds,
            ["rto_seconds"] = s.Rto?.TotalSeconds,
            ["rto"] = s.RtoState.ToString().ToLowerInvariant(),
            ["repository"] = s.Repository,
            ["problems"] = new JsonArray(s.Problems.Select(p => (JsonNode)p).ToArray()),
        }).ToArray());

    private static JsonObject? Evidence(EvidenceRecord? record) => record is null ? null : new JsonObject
    {
        ["time"] = record.Time.ToString("o"),
        ["outcome"] = record.Succeeded ? "ok" : "failed",
        ["host"] = record.Host,
    };

    private static void Print(CommandContext context, List<ServiceStatus> statuses)
    {
        context.Ui.WriteTable(
            ["Service", "Newest", "Age", "RPO", "Snapshots", "Size", "Last check", "Last drill", "Restore / RTO", "Repository"],
            statuses.Select(s => (IReadOnlyList<string>)
            [
                s.Service,
                s.LatestLabel ?? "never",
                s.Age is { } age ? StatusReporter.FormatAge(age) : "-",
                s.Rpo is { } rpo ? $"{Durations.Format(rpo)} {State(s.RpoState, "OK", "STALE")}" : "-",
                s.SnapshotCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                s.LatestSize is { } size ? Format.Bytes(size) : "-",
                Describe(s.LastCheck),
                Describe(s.LastDrill),
                (s.RestoreTime is { } restore ? Format.Duration(restore) : "-") + " / " + (s.Rto is { } rto ? $"{Durations.Format(rto)} {State(s.RtoState, "OK", "MISSED")}" : "-"),
                s.Repository,
            ]));
        foreach (var status in statuses)
        {
            foreach (var problem in status.Problems)
            {
                context.Ui.Warning($"{status.Service}: {problem}");
            }
        }

        foreach (var status in statuses)
        {
            context.Ui.Info($"{status.Service}: retention {status.Retention}");
        }

        context.Ui.Info(statuses.All(s => s.TargetsHold) ? "every target holds" : "targets missed (exit code 3)");
    }

    private static string State(TargetState state, string met, string missed) => state switch
    {
        TargetState.Met => met,
        TargetState.Missed => missed,
        _ => string.Empty,
    };

    private static string Describe(EvidenceRecord? record) =>
        record is null ? "never" : $"{record.Time.ToLocalTime():yyyy-MM-dd HH:mm} {(record.Succeeded ? "ok" : "FAILED")}";
}
