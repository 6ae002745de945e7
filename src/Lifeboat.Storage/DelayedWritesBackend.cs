namespace Lifeboat.Storage;

/// <summary>
/// A test hook, not a feature: waits a fixed time before every save and remove of the backend it wraps,
/// so that a crash test can kill a command (<c>kill -9</c>) between two writes at a predictable moment.
/// The CLI wraps its backend in it only when <c>LIFEBOAT_TEST_WRITE_DELAY_MS</c> is set (see
/// test/Lifeboat.Cli.Tests/Maintenance/README.md). Reads and listings pass through unchanged.
/// </summary>
public sealed class DelayedWritesBackend(IBackend inner, TimeSpan delay) : IBackend
{
    /// <summary>The environment variable that enables the hook in the CLI: milliseconds to wait before each write.</summary>
    public const string Variable = "LIFEBOAT_TEST_WRITE_DELAY_MS";

    public string Location => inner.Location;

    public BackendCapabilities Capabilities => inner.Capabilities;

    /// <summary>Wraps <paramref name="backend"/> when <see cref="Variable"/> holds a positive number of milliseconds.</summary>
    public static IBackend FromEnvironment(IBackend backend) =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out var milliseconds) && milliseconds > 0
            ? new DelayedWritesBackend(backend, TimeSpan.FromMilliseconds(milliseconds))
            : backend;

    public Task CreateLayoutAsync(CancellationToken cancellationToken = default) => inner.CreateLayoutAsync(cancellationToken);

    public async Task SaveAsync(BackendFile file, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, cancellationToken);
        await inner.SaveAsync(file, data, cancellationToken);
    }

    public Task<byte[]> LoadAsync(BackendFile file, CancellationToken cancellationToken = default) => inner.LoadAsync(file, cancellationToken);

    public Task ReadAtAsync(BackendFile file, long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        inner.ReadAtAsync(file, offset, destination, cancellationToken);

    public Task<long> StatAsync(BackendFile file, CancellationToken cancellationToken = default) => inner.StatAsync(file, cancellationToken);

    public IAsyncEnumerable<BackendFileInfo> ListAsync(FileType type, CancellationToken cancellationToken = default) => inner.ListAsync(type, cancellationToken);

    public async Task RemoveAsync(BackendFile file, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, cancellationToken);
        await inner.RemoveAsync(file, cancellationToken);
    }

    public Task<long?> GetFreeSpaceAsync(CancellationToken cancellationToken = default) => inner.GetFreeSpaceAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
