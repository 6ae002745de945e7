namespace Lifeboat.Orchestration;

/// <summary>
/// Where the orchestration tells the operator what it is doing. Messages never contain secrets; the
/// implementation decides how they are shown (console, JSON, nothing).
/// </summary>
public interface IOperatorLog
{
    void Info(string message);

    void Warning(string message);

    void Error(string message);
}

/// <summary>An operator log that discards everything (tests, quiet runs).</summary>
public sealed class SilentLog : IOperatorLog
{
    public static SilentLog Instance { get; } = new();

    public void Info(string message)
    {
    }

    public void Warning(string message)
    {
    }

    public void Error(string message)
    {
    }
}
