using Lifeboat.Cli.Output;

namespace Lifeboat.Cli;

/// <summary>
/// The one place that turns a failure into a message and an exit code. Users see one line (and a hint
/// when there is one); the stack trace only with --verbose.
/// </summary>
internal static class ErrorReporter
{
    public static int Report(Exception exception, ConsoleUi ui, bool interrupted)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        if (exception is OperationCanceledException && interrupted)
        {
            ui.Error("interrupted");
            return ExitCodes.Interrupted;
        }

        var (message, hint, code) = exception switch
        {
            UsageException e => (e.Message, e.Hint, ExitCodes.UsageError),
            ConfigurationException e => (e.Message, e.Hint, ExitCodes.UsageError),
            LifeboatException e => (e.Message, e.Hint, ExitCodes.Failure),
            UnauthorizedAccessException e => (e.Message, null, ExitCodes.Failure),
            IOException e => (e.Message, null, ExitCodes.Failure),
            _ => ($"internal error: {exception.Message}", ui.Verbose ? null : "run again with --verbose for details, and report it", ExitCodes.Failure),
        };

        ui.Error(message, hint);
        if (ui.Verbose)
        {
            ui.StderrWriter.WriteLine(exception.ToString());
        }

        return code;
    }
}
