using System.CommandLine;
using System.CommandLine.Help;
using Lifeboat.Cli.Output;

namespace Lifeboat.Cli;

/// <summary>Parses the command line, runs the command, and maps the outcome to an exit code.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var shutdown = new ShutdownSignal();
        var root = CommandTree.Build();
        var parseResult = root.Parse(args);
        var ui = ConsoleUi.From(parseResult);

        // --help (and --version) answer even when the rest of the line is incomplete: 'restore --help'
        // lacks the required SERVICE, which must not hide the help text.
        var helpOrVersion = root.Options.Any(o => o is HelpOption or VersionOption && parseResult.GetResult(o) is not null)
            || parseResult.CommandResult.Command.Options.Any(o => o is HelpOption && parseResult.GetResult(o) is not null);
        if (parseResult.Errors.Count > 0 && !helpOrVersion)
        {
            ui.Error(UsageError(parseResult));
            return ExitCodes.UsageError;
        }

        try
        {
            var invocation = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            var code = await parseResult.InvokeAsync(invocation, shutdown.Token);
            return shutdown.Signalled && code != ExitCodes.Success ? ExitCodes.Interrupted : code;
        }
        catch (Exception ex)
        {
            return ErrorReporter.Report(ex, ui, shutdown.Signalled);
        }
    }

    /// <summary>The parser's first complaint, with the command's usage line and where to read more.</summary>
    private static string UsageError(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        if (command.Parents.FirstOrDefault() is null)
        {
            return $"{parseResult.Errors[0].Message} Run 'lifeboat --help' for usage.";
        }

        var path = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            path.Insert(0, result.Command.Name);
        }

        path[0] = "lifeboat";
        var name = string.Join(' ', path);
        var arguments = command.Arguments.Where(a => !a.Hidden).Select(a => a.Arity.MinimumNumberOfValues > 0 ? $"<{a.Name}>" : $"[<{a.Name}>]");
        return $"{parseResult.Errors[0].Message} Usage: {string.Join(' ', [name, .. arguments])} [options]; run '{name} --help' for more.";
    }
}
