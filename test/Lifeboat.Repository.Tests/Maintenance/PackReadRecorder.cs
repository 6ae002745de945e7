using System.Collections.Concurrent;
using Lifeboat.Storage;

namespace Lifeboat.Repository.Tests.Maintenance;

/// <summary>
/// A backend decorator that counts whole-file reads of packs (what <c>check --read-data</c> does per
/// pack): a load, or a range read from the first byte to the last.
/// </summary>
internal sealed class PackReadRecorder(IBackend inner) : IBackend
{
    public ConcurrentDictionary<string, int> Loads { get; } = new();

    public string Location => inner.Location;

    public BackendCapabilities Capabilities => inner.Capabilities;

    public Task CreateLayoutAsync(CancellationToken cancellationToken = default) => inner.CreateLayoutAsync(cancellationToken);

    public Task SaveAsync(BackendFile file, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) => inner.SaveAsync(file, data, cancellationToken);

    public Task<byte[]> LoadAsync(BackendFile file, CancellationToken cancellationToken = default)
    {
        if (file.Type == FileType.Pack)
        {
            Loads.AddOrUpdate(file.Name, 1, (_, n) => n + 1);
        }

        return inner.LoadAsync(file, cancellationToken);
    }

    public async Task ReadAtAsync(BackendFile file, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (file.Type == FileType.Pack && offset == 0 && destination.Length == await inner.StatAsync(file, cancellationToken))
        {
            Loads.AddOrUpdate(file.Name, 1, (_, n) => n + 1);
        }

        await inner.ReadAtAsync(file, offset, destination, cancellationToken);
    }

    public Task<long> StatAsync(BackendFile file, CancellationToken cancellationToken = default) => inner.StatAsync(file, cancellationToken);

    public IAsyncEnumerable<BackendFileInfo> ListAsync(FileType type, CancellationToken cancellationToken = default) => inner.ListAsync(type, cancellationToken);

    public Task RemoveAsync(BackendFile file, CancellationToken cancellationToken = default) => inner.RemoveAsync(file, cancellationToken);

    public Task<long?> GetFreeSpaceAsync(CancellationToken cancellationToken = default) => inner.GetFreeSpaceAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
