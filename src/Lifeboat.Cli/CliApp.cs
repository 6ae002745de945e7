using System.CommandLine;
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

        if (parseResult.Errors.Count > 0)
        {
            ui.Error($"{parseResult.Errors[0].Message} Run 'lifeboat --help' for usage.");
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
}
