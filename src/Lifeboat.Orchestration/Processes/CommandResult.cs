namespace Lifeboat.Orchestration.Processes;

/// <summary>How a command ended: its exit code and the tail of what it printed.</summary>
public sealed record CommandResult(int ExitCode, string OutputTail, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;
}
