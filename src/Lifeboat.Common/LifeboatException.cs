namespace Lifeboat;

/// <summary>
/// The root of every failure Lifeboat reports to a user. The message is written for the operator:
/// it says what failed and, where known, what to do next (<see cref="Hint"/>). Messages never contain
/// secrets.
/// </summary>
public class LifeboatException : Exception
{
    public LifeboatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>An optional next step for the user ("run 'lifeboat repo unlock'").</summary>
    public string? Hint { get; init; }
}
