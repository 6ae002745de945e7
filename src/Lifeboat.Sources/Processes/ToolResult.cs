namespace Lifeboat.Sources.Processes;

/// <summary>A finished tool run: exit code, standard output and the end of standard error (both scrubbed).</summary>
public sealed class ToolResult
{
    internal ToolResult(int exitCode, string output, string error, ToolProcess process)
    {
        ExitCode = exitCode;
        Output = output;
        Error = error;
        Failure = process.Failure(exitCode);
    }

    public int ExitCode { get; }

    public string Output { get; }

    public string Error { get; }

    public bool Succeeded => ExitCode == 0;

    /// <summary>The exception describing this run as a failure.</summary>
    public SourceException Failure { get; }
}
