namespace Lifeboat.Storage;

/// <summary>
/// A file found by <see cref="IBackend.ListAsync"/>: its name, size in bytes and, where the backend
/// knows it, when it was last written.
/// </summary>
public readonly record struct BackendFileInfo(string Name, long Size, DateTimeOffset? Modified = null);
