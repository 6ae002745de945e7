namespace Lifeboat.Storage;

/// <summary>
/// A backend operation failed. <see cref="IsTransient"/> says whether retrying may succeed (a network
/// hiccup) or not (permission denied, file not found).
/// </summary>
public class StorageException(string message, Exception? innerException = null, bool isTransient = false)
    : LifeboatException(message, innerException)
{
    public bool IsTransient { get; } = isTransient;
}
