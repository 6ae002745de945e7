using System.CommandLine;
using Lifeboat.Cli.Output;

namespace Lifeboat.Cli;

internal static class CommandExtensions
{
    /// <summary>Sets the handler of a command; the returned integer is the process exit code.</summary>
    public static Command Handle(this Command command, Func<CommandContext, Task<int>> handler)
    {
        command.SetAction((parseResult, cancellationToken) =>
            handler(new CommandContext(parseResult, ConsoleUi.From(parseResult), cancellationToken)));
        return command;
    }

    /// <summary>
    /// Marks a command as planned but not built: it says so and exits 1, never pretending to work.
    /// </summary>
    public static Command NotBuiltYet(this Command command, string plannedIn)
    {
        command.Description = $"{command.Description} (not built yet)";
        return command.Handle(context =>
        {
            context.Ui.Error($"'{Describe(command)}' is not built yet (planned in {plannedIn}).");
            return Task.FromResult(ExitCodes.Failure);
        });
    }

    private static string Describe(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command { } c and not RootCommand; symbol = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }

        return "lifeboat " + string.Join(' ', names);
    }
}
