using System.CommandLine;
using System.Text.Json.Nodes;
using Lifeboat.Cli.Output;
using Lifeboat.Manifest;
using Lifeboat.Orchestration;
using Lifeboat.Sources;

namespace Lifeboat.Cli.Commands.Services;

/// <summary>
/// <c>lifeboat doctor</c>: the manifest validates; every tool a source needs exists in a compatible
/// version; every database and directory is reachable; every repository opens and has free space.
/// Each problem comes with a fix. Exit 1 when there is any.
/// </summary>
internal static class DoctorCommand
{
    /// <summary>Less free space than this where a repository lives is reported.</summary>
    private const long LowSpace = 1L << 30;

    public static Command Create()
    {
        var command = new Command("doctor", "Check tools, credentials and reachability of every source");
        return command.Handle(async context =>
        {
            var findings = await DiagnoseAsync(context);
            if (context.Ui.Json)
            {
                context.Ui.WriteJson(ToJson(findings));
            }
            else
            {
                foreach (var finding in findings)
                {
                    if (finding.Ok)
                    {
                        context.Ui.Markup($"[green]ok[/]      {Spectre.Console.Markup.Escape(finding.Subject)}: {Spectre.Console.Markup.Escape(finding.Message)}");
                    }
                    else
                    {
                        context.Ui.Error($"{finding.Subject}: {finding.Message}", finding.Hint);
                    }
                }

                var problems = findings.Count(f => !f.Ok);
                context.Ui.Info(problems == 0 ? "no problems found" : $"{problems} problems found");
            }

            return findings.All(f => f.Ok) ? ExitCodes.Success : ExitCodes.Failure;
        });
    }

    public static JsonArray ToJson(IEnumerable<DoctorFinding> findings) =>
        new(findings.Select(f => (JsonNode)new JsonObject
        {
            ["subject"] = f.Subject,
            ["ok"] = f.Ok,
            ["message"] = f.Message,
            ["hint"] = f.Hint,
        }).ToArray());

    public static async Task<List<DoctorFinding>> DiagnoseAsync(CommandContext context)
    {
        var findings = new List<DoctorFinding>();
        var load = await ManifestLoader.TryLoadAsync(context.ConfigPath, cancellationToken: context.CancellationToken);
        if (!load.IsValid)
        {
            findings.AddRange(load.Problems.Select(p => new DoctorFinding("manifest", false, p.ToString(), p.Hint)));
            return findings;
        }

        var manifest = load.Manifest!;
        findings.Add(new DoctorFinding("manifest", true, $"{context.ConfigPath} is valid: {manifest.Services.Count} services, {manifest.Repositories.Count} repositories"));

        await using var repositories = new RepositoryProvider(manifest, RepositoryAccess.Registry, _ => RepositoryAccess.ResolvePasswordAsync(context));
        foreach (var name in manifest.Repositories.Keys)
        {
            var subject = $"repository {name}";
            try
            {
                var repository = await repositories.GetAsync(name, context.CancellationToken);
                var free = await repository.Backend.GetFreeSpaceAsync(context.CancellationToken);
                findings.Add(free is { } bytes && bytes < LowSpace
                    ? new DoctorFinding(subject, false, $"opens, but only {Format.Bytes(bytes)} free at {repositories.Describe(name)}", "free space or move the repository before the next backup fails")
                    : new DoctorFinding(subject, true, $"opens with its password ({repositories.Describe(name)}{(free is { } f ? $", {Format.Bytes(f)} free" : string.Empty)})"));
            }
            catch (LifeboatException ex)
            {
                findings.Add(new DoctorFinding(subject, false, manifest.Redact(ex.Message), ex.Hint ?? "check the url and password_file/password_command of the repository"));
            }
        }

        foreach (var service in manifest.Services.Values)
        {
            foreach (var (name, config) in service.Sources)
            {
                var subject = $"{service.Name}/{name} ({config.Kind})";
                try
                {
                    var source = DataSources.Create(config);
                    var problems = await source.DiagnoseAsync(context.CancellationToken);
                    findings.AddRange(problems.Count == 0
                        ? [new DoctorFinding(subject, true, "tools and data reachable")]
                        : problems.Select(p => new DoctorFinding(subject, false, manifest.Redact(p.Message), p.Hint)));
                    if (problems.Count == 0)
                    {
                        findings.AddRange(Leftovers(subject, service.Name, await source.SweepRestoreLeftoversAsync(null, removeStaging: false, context.CancellationToken)));
                    }
                }
                catch (LifeboatException ex)
                {
                    findings.Add(new DoctorFinding(subject, false, manifest.Redact(ex.Message), ex.Hint));
                }
            }
        }

        return findings;
    }

    private static IEnumerable<DoctorFinding> Leftovers(string subject, string service, RestoreLeftovers found)
    {
        foreach (var staging in found.Staging)
        {
            yield return new DoctorFinding(subject, false, $"{staging} was left by a restore that did not finish", $"the next 'lifeboat restore {service}' removes it; or remove it now");
        }

        foreach (var setAside in found.SetAside)
        {
            yield return new DoctorFinding(
                subject,
                false,
                $"{setAside} holds what a restore that did not finish replaced",
                "look at it (the state before that restore, possibly partial), then remove it once you no longer need it; Lifeboat never removes it");
        }
    }
}

/// <summary>One thing doctor looked at: fine, or a problem with a fix.</summary>
internal sealed record DoctorFinding(string Subject, bool Ok, string Message, string? Hint = null);
