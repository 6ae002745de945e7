using System.CommandLine;
using Lifeboat.Cli.Commands.Repo;
using Lifeboat.Orchestration.Status;

namespace Lifeboat.Cli.Commands.Services;

/// <summary>
/// <c>lifeboat check [SERVICE...] [--read-data-subset ...]</c>: checks the services' repositories and
/// records the results as evidence. "auto" reads the next slice of a rotation.
/// </summary>
internal static class CheckServicesCommand
{
    public static Command Create()
    {
        var servicesArgument = new Argument<string[]>("SERVICE") { Description = "Check these services' repositories (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var subset = new Option<string>("--read-data-subset") { Description = "Also read data: all, n/t, x%, or auto (the next slice of a rotation)", HelpName = "SUBSET" };
        var rotation = new Option<int>("--rotation") { Description = "With auto: read everything over this many runs", DefaultValueFactory = _ => RepositoryCheckRunner.DefaultRotation };
        var command = new Command("check", "Check the services' repositories and record the result") { servicesArgument, subset, rotation };
        return command.Handle(async context =>
        {
            await using var services = await ServiceContext.LoadAsync(context);
            var repositories = services.Select(context.Get(servicesArgument) ?? []).Select(s => s.Repository).Distinct().ToList();
            var runner = new RepositoryCheckRunner(services.Repositories, services.Log, context.Clock);
            var failed = false;
            foreach (var name in repositories)
            {
                var (result, _) = await runner.CheckAsync(name, context.Get(subset), Math.Max(1, context.Get(rotation)), context.CancellationToken);
                context.Ui.Info($"repository '{name}' ({services.Repositories.Describe(name)}):");
                CheckCommand.Print(context, result);
                failed |= result.HasErrors;
            }

            return failed ? ExitCodes.Failure : ExitCodes.Success;
        });
    }
}
