namespace Lifeboat.Orchestration.Tests.Support;

/// <summary>Keeps every line the orchestration tells the operator, for assertions (and failure messages).</summary>
internal sealed class RecordingLog : IOperatorLog
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string Text => string.Join('\n', Lines);

    public void Info(string message) => Add("info: " + message);

    public void Warning(string message) => Add("warning: " + message);

    public void Error(string message) => Add("error: " + message);

    private void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
