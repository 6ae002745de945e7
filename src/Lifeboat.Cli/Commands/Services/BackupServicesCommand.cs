using System.CommandLine;
using System.Text.Json.Nodes;
using Lifeboat.Cli.Output;
using Lifeboat.Orchestration.Backup;

namespace Lifeboat.Cli.Commands.Services;

/// <summary><c>lifeboat backup [SERVICE...]</c>: one snapshot per service, as the manifest declares.</summary>
internal static class BackupServicesCommand
{
    public static Command Create()
    {
        var services = new Argument<string[]>("SERVICE") { Description = "Services to back up (default: every service with backup enabled)", Arity = ArgumentArity.ZeroOrMore };
        var parallel = new Option<int>("--parallel") { Description = "How many services to back up at once", DefaultValueFactory = _ => 1 };
        var tags = new Option<string[]>("--tag") { Description = "Extra tag for the snapshots (e.g. pre-migration)", HelpName = "TAG" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Capture and count, store nothing" };
        var command = new Command("backup", "Back up services declared in the manifest") { services, parallel, tags, dryRun };

        return command.Handle(async context =>
        {
            var parallelism = context.Get(parallel);
            if (parallelism < 1)
            {
                throw new UsageException("--parallel must be at least 1");
            }

            await using var services_ = await ServiceContext.LoadAsync(context);
            var selected = services_.Select(context.Get(services) ?? [], s => s.Backup.Enabled);
            if (selected.Count == 0)
            {
                throw new UsageException("no service has backup enabled in the manifest");
            }

            var runner = new ServiceBackupRunner(services_.Repositories, services_.Log, context.Clock);
            var options = new ServiceBackupOptions { Tags = context.Get(tags) ?? [], DryRun = context.Get(dryRun) };
            using var gate = new SemaphoreSlim(parallelism);
            var results = await Task.WhenAll(selected.Select(async service =>
            {
                await gate.WaitAsync(context.CancellationToken);
                try
                {
                    return await runner.BackupAsync(service, options, context.CancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            }));

            Print(context, results);
            return results.Any(r => r.Outcome == BackupOutcome.Failed || r.StartFailed) ? ExitCodes.Failure
                : results.Any(r => r.Summary is { Errors.Count: > 0 }) ? ExitCodes.TargetMissed
                : ExitCodes.Success;
        });
    }

    private static void Print(CommandContext context, IReadOnlyList<ServiceBackupResult> results)
    {
        if (context.Ui.Json)
        {
            context.Ui.WriteJson(new JsonArray(results.Select(r => (JsonNode)new JsonObject
            {
                ["service"] = r.Service,
                ["outcome"] = r.Outcome.ToString().ToLowerInvariant(),
                ["snapshot_id"] = r.Snapshot?.ToString(),
                ["files_new"] = r.Summary?.FilesNew,
                ["files_changed"] = r.Summary?.FilesChanged,
                ["files_unmodified"] = r.Summary?.FilesUnmodified,
                ["data_added"] = r.Summary?.DataAdded,
                ["data_added_packed"] = r.Summary?.DataAddedPacked,
                ["total_bytes_processed"] = r.Summary?.TotalBytesProcessed,
                ["skipped_paths"] = r.Summary?.Errors.Count,
                ["start_failed"] = r.StartFailed,
                ["seconds"] = Math.Round(r.Duration.TotalSeconds, 3),
                ["error"] = r.Error,
            }).ToArray()));
            return;
        }

        context.Ui.WriteTable(
            ["Service", "Result", "Snapshot", "Processed", "Added", "Stored", "Duration"],
            results.Select(r => (IReadOnlyList<string>)
            [
                r.Service,
                r.Outcome switch
                {
                    BackupOutcome.Succeeded => r.StartFailed ? "ok, start failed" : "ok",
                    BackupOutcome.Skipped => "skipped",
                    _ => "FAILED",
                },
                r.Snapshot?.ToShortString() ?? "-",
                r.Summary is { } s ? Format.Bytes(s.TotalBytesProcessed) : "-",
                r.Summary is { } t ? Format.Bytes(t.DataAdded) : "-",
                r.Summary is { } u ? Format.Bytes(u.DataAddedPacked) : "-",
                Format.Duration(r.Duration),
            ]));
    }
}
