using System.Text;

namespace Lifeboat.Testing;

/// <summary>What a finished program left behind: its exit code and everything it wrote.</summary>
public sealed class ProcessResult
{
    private string? _standardOutput;
    private string? _standardError;

    internal ProcessResult(string commandLine, int exitCode, byte[] standardOutput, byte[] standardError, TimeSpan elapsed)
    {
        CommandLine = commandLine;
        ExitCode = exitCode;
        StandardOutputBytes = standardOutput;
        StandardErrorBytes = standardError;
        Elapsed = elapsed;
    }

    /// <summary>The program and its arguments, quoted for reading (environment values are never shown).</summary>
    public string CommandLine { get; }

    public int ExitCode { get; }

    public bool Succeeded => ExitCode == 0;

    public ReadOnlyMemory<byte> StandardOutputBytes { get; }

    public ReadOnlyMemory<byte> StandardErrorBytes { get; }

    /// <summary>Standard output decoded as UTF-8.</summary>
    public string StandardOutput => _standardOutput ??= Encoding.UTF8.GetString(StandardOutputBytes.Span);

    /// <summary>Standard error decoded as UTF-8.</summary>
    public string StandardError => _standardError ??= Encoding.UTF8.GetString(StandardErrorBytes.Span);

    public TimeSpan Elapsed { get; }

    /// <summary>Returns this result when the exit code is 0; otherwise throws <see cref="ProcessFailedException"/> carrying standard error.</summary>
    public ProcessResult EnsureSuccess() => Succeeded ? this : throw new ProcessFailedException(this);

    public override string ToString() => $"{CommandLine} -> exit code {ExitCode}";
}
