namespace Lifeboat.Repository;

/// <summary>
/// Stored data failed verification: a MAC that does not match, a hash that differs from the id, a
/// truncated or malformed structure. The message names the file (and the blob) involved.
/// </summary>
public sealed class IntegrityException(string message, Exception? innerException = null)
    : RepositoryException(message, innerException);
