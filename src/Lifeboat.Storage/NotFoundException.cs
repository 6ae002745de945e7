namespace Lifeboat.Storage;

/// <summary>The requested repository file does not exist.</summary>
public sealed class NotFoundException(BackendFile file, Exception? innerException = null)
    : StorageException($"{file} does not exist", innerException)
{
    public BackendFile File { get; } = file;
}
