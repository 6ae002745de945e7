namespace Lifeboat.Sources;

/// <summary>
/// A data source could not be captured, restored or reached. The message starts with the source's name
/// (<c>source 'db': ...</c>), says what failed and never contains a secret; <see cref="LifeboatException.Hint"/>
/// says what to do when it is known.
/// </summary>
public class SourceException : LifeboatException
{
    public SourceException(string source, string message, Exception? innerException = null)
        : base($"source '{source}': {message}", innerException)
    {
        SourceName = source;
    }

    /// <summary>The source's name in the manifest.</summary>
    public string SourceName { get; }
}
