using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lifeboat.Manifest;
using Lifeboat.Orchestration;
using Lifeboat.Orchestration.Evidence;
using Lifeboat.Orchestration.Status;
using Lifeboat.Orchestration.Processes;

namespace Lifeboat.Cli.Commands.Services;

/// <summary>
/// <c>lifeboat support-bundle --output FILE</c>: versions, the manifest with every secret replaced by
/// [redacted], status, doctor results and recent evidence, in one JSON file to attach to a report.
/// </summary>
internal static class SupportBundleCommand
{
    private static readonly string[] Tools = ["pg_dump", "pg_restore", "psql", "mariadb-dump", "mysqldump", "mariadb", "mysql", "sqlite3", "restic"];

    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Where to write the bundle (JSON)", Required = true, HelpName = "FILE" };
        var command = new Command("support-bundle", "Write a redacted bundle for troubleshooting") { output };
        return command.Handle(async context =>
        {
            var bundle = new JsonObject
            {
                ["generated"] = context.Clock.GetLocalNow().ToString("o"),
                ["lifeboat_version"] = typeof(SupportBundleCommand).Assembly.GetName().Version?.ToString(3),
                ["runtime"] = RuntimeInformation.FrameworkDescription,
                ["os"] = RuntimeInformation.OSDescription,
                ["tools"] = await ToolVersionsAsync(context.CancellationToken),
            };

            LifeboatManifest? manifest = null;
            try
            {
                bundle["manifest"] = await ManifestRedactor.RedactYamlAsync(context.ConfigPath, cancellationToken: context.CancellationToken);
                var load = await ManifestLoader.TryLoadAsync(context.ConfigPath, cancellationToken: context.CancellationToken);
                manifest = load.Manifest;
                bundle["manifest_problems"] = new JsonArray(load.Problems.Select(p => (JsonNode)p.ToString()).ToArray());
            }
            catch (LifeboatException ex)
            {
                bundle["manifest_error"] = ex.Message;
            }

            bundle["doctor"] = DoctorCommand.ToJson(await DoctorCommand.DiagnoseAsync(context));
            if (manifest is not null)
            {
                await using var repositories = new RepositoryProvider(manifest, RepositoryAccess.Registry, _ => RepositoryAccess.ResolvePasswordAsync(context));
                var statuses = new List<ServiceStatus>();
                var evidence = new JsonArray();
                foreach (var service in manifest.Services.Values)
                {
                    try
                    {
                        statuses.Add(await new StatusReporter(repositories, context.Clock).ComputeAsync(service, context.CancellationToken));
                        var store = new EvidenceStore(await repositories.ForServiceAsync(service, context.CancellationToken), context.Clock);
                        foreach (var kind in new[] { EvidenceRecord.Backup, EvidenceRecord.Drill })
                        {
                            foreach (var record in await store.ReadAsync(kind, ServiceSnapshots.ServiceTag(service.Name), 5, context.CancellationToken))
                            {
                                evidence.Add(record.ToJson());
                            }
                        }
                    }
                    catch (LifeboatException ex)
                    {
                        evidence.Add(new JsonObject { ["service"] = service.Name, ["error"] = ex.Message });
                    }
                }

                bundle["status"] = StatusCommand.ToJson(statuses);
                bundle["evidence"] = evidence;
            }

            var text = JsonSerializer.Serialize(bundle, new JsonSerializerOptions { WriteIndented = true });
            if (manifest is not null)
            {
                text = manifest.Redact(text); // belt and braces: no known secret leaves in any field
            }

            var path = context.Get(output)!;
            await File.WriteAllTextAsync(path, text, context.CancellationToken);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            context.Ui.Info($"support bundle written to {path} (secrets replaced by [redacted]; review it before sharing)");
            return ExitCodes.Success;
        });
    }

    private static async Task<JsonObject> ToolVersionsAsync(CancellationToken cancellationToken)
    {
        var versions = new JsonObject();
        foreach (var tool in Tools)
        {
            try
            {
                // restic has a 'version' command and no --version flag.
                var result = await CommandRunner.RunAsync(new CommandLine([tool, tool == "restic" ? "version" : "--version"]), timeout: TimeSpan.FromSeconds(10), cancellationToken: cancellationToken);
                versions[tool] = result.Succeeded ? result.OutputTail.Split('\n')[0] : $"exit code {result.ExitCode}";
            }
            catch (LifeboatException)
            {
                versions[tool] = "not found";
            }
        }

        return versions;
    }
}
