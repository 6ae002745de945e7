namespace Lifeboat.Storage;

/// <summary>What a backend can do and how hard it may be driven.</summary>
/// <param name="Connections">How many operations may run at once to use it well.</param>
/// <param name="IsLocal">True when files live on a locally mounted file system.</param>
/// <param name="HasFreeSpace">True when <see cref="IBackend.GetFreeSpaceAsync"/> answers.</param>
public sealed record BackendCapabilities(int Connections, bool IsLocal, bool HasFreeSpace);
