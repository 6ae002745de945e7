namespace Lifeboat.Repository;

/// <summary>The repository is unusable or an operation on it failed (format, key, lock, missing data).</summary>
public class RepositoryException(string message, Exception? innerException = null)
    : LifeboatException(message, innerException);
