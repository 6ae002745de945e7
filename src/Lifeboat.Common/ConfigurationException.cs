namespace Lifeboat;

/// <summary>
/// The configuration (manifest, repository selection, password source) is unusable. Exit code 2.
/// </summary>
public class ConfigurationException(string message, Exception? innerException = null)
    : LifeboatException(message, innerException);
