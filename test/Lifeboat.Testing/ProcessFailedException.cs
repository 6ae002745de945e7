namespace Lifeboat.Testing;

/// <summary>A program exited with a non-zero code where success was expected. The message carries its standard error.</summary>
public sealed class ProcessFailedException : Exception
{
    public ProcessFailedException(ProcessResult result)
        : base(BuildMessage(result))
    {
        Result = result;
    }

    public ProcessResult Result { get; }

    private static string BuildMessage(ProcessResult result)
    {
        var output = MessageText.Tail(result.StandardError.Trim().Length > 0 ? result.StandardError : result.StandardOutput);
        return $"{result.CommandLine} exited with code {result.ExitCode} after {result.Elapsed.TotalSeconds:0.0} s" +
               (output.Length > 0 ? $":\n{output}" : " and printed nothing.");
    }
}
