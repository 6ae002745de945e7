namespace Lifeboat.Testing;

/// <summary>A program ran past its timeout; it was killed together with its child processes.</summary>
public sealed class ProcessTimeoutException : TimeoutException
{
    public ProcessTimeoutException(string commandLine, TimeSpan timeout, string standardOutput, string standardError, bool exitedButOutputOpen = false)
        : base((exitedButOutputOpen
                   ? $"{commandLine} exited, but a background process it started still held its output open after {timeout.TotalSeconds:0.#} s (redirect a daemon's output)."
                   : $"{commandLine} did not finish within {timeout.TotalSeconds:0.#} s and was killed with its child processes.") +
               Section("standard output", standardOutput) + Section("standard error", standardError))
    {
        CommandLine = commandLine;
        Timeout = timeout;
        StandardOutput = standardOutput;
        StandardError = standardError;
    }

    public string CommandLine { get; }

    public TimeSpan Timeout { get; }

    /// <summary>What the program wrote to standard output before it was killed.</summary>
    public string StandardOutput { get; }

    public string StandardError { get; }

    private static string Section(string name, string text) =>
        text.Trim().Length == 0 ? "" : $"\n{name} so far:\n{MessageText.Tail(text)}";
}
