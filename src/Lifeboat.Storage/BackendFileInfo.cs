namespace Lifeboat.Storage;

/// <summary>A file found by <see cref="IBackend.ListAsync"/>: its name and size in bytes.</summary>
public readonly record struct BackendFileInfo(string Name, long Size);
