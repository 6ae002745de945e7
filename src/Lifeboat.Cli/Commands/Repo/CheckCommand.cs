using System.CommandLine;
using System.Text.Json.Nodes;
using Lifeboat.Cli.Output;
using Lifeboat.Repository.Checking;
using Lifeboat.Repository.Locks;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary><c>lifeboat repo check [--read-data | --read-data-subset n/t|x%]</c>.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var readData = new Option<bool>("--read-data") { Description = "Also read, decrypt and hash every byte of every pack" };
        var subset = new Option<string>("--read-data-subset") { Description = "Read only a subset of packs: n/t (bucket n of t) or x% (random)", HelpName = "SUBSET" };
        var command = new Command("check", "Check the repository for errors") { readData, subset };
        return command.Handle(async context =>
        {
            var options = context.Get(subset) is { } s ? CheckOptions.ForSubset(s) : new CheckOptions { ReadAll = context.Get(readData) };
            var result = await RunAsync(context, options);
            return result.HasErrors ? ExitCodes.Failure : ExitCodes.Success;
        });
    }

    /// <summary>Opens the repository named on the command line, checks it and prints the result.</summary>
    public static async Task<CheckResult> RunAsync(CommandContext context, CheckOptions options)
    {
        await using var repository = await RepositoryAccess.OpenAsync(context, loadIndex: false);
        await using var repositoryLock = await RepositoryLock.AcquireAsync(repository, exclusive: false, cancellationToken: context.CancellationToken);
        var progress = new ProgressDisplay(context.Ui, "reading packs");
        var checker = new Checker(repository) { OnPhase = phase => context.Ui.Info(phase) };
        var result = await progress.RunAsync(() => checker.CheckAsync(
            options with { Progress = new InlineProgress<(long Done, long Total)>(p => progress.Update(p.Done, p.Total, p.Done, p.Total, null)) },
            context.CancellationToken));
        Print(context, result);
        return result;
    }

    public static void Print(CommandContext context, CheckResult result)
    {
        if (context.Ui.Json)
        {
            context.Ui.WriteJson(new JsonObject
            {
                ["message_type"] = "summary",
                ["num_errors"] = result.ErrorCount,
                ["snapshots"] = result.Snapshots,
                ["packs"] = result.Packs,
                ["trees"] = result.Trees,
                ["packs_read"] = result.PacksRead,
                ["problems"] = new JsonArray(result.Problems.Select(p => (JsonNode)new JsonObject
                {
                    ["severity"] = p.IsError ? "error" : "warning",
                    ["file"] = p.File,
                    ["message"] = p.Message,
                }).ToArray()),
            });
            return;
        }

        foreach (var problem in result.Problems)
        {
            if (problem.IsError)
            {
                context.Ui.Error($"{problem.File}: {problem.Message}");
            }
            else
            {
                context.Ui.Warning($"{problem.File}: {problem.Message}");
            }
        }

        context.Ui.Info(result.HasErrors
            ? $"{result.ErrorCount} errors found in {result.Snapshots} snapshots, {result.Packs} packs ({result.PacksRead} read)"
            : $"no errors were found ({result.Snapshots} snapshots, {result.Trees} trees, {result.Packs} packs, {result.PacksRead} read in full)");
    }
}
