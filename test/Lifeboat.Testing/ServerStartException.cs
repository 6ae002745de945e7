namespace Lifeboat.Testing;

/// <summary>A database server fixture could not start. The message says why and ends with the server's log.</summary>
public sealed class ServerStartException : Exception
{
    public ServerStartException(string message, string? serverLog = null, Exception? innerException = null)
        : base(serverLog is { Length: > 0 } ? $"{message}\nServer log (last lines):\n{MessageText.Tail(serverLog)}" : message, innerException)
    {
    }
}
