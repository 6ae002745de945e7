namespace Lifeboat.Storage;

/// <summary>
/// Test hooks, not a feature: they let a crash test stop a command (<c>kill -9</c>) between two known
/// writes of the backend this wraps. The CLI wraps its backend in it only when one of the variables below
/// is set (see test/Lifeboat.Cli.Tests/Maintenance/README.md). Reads and listings pass through unchanged.
/// <list type="bullet">
/// <item><see cref="DelayVariable"/>: wait that many milliseconds before every save and remove.</item>
/// <item><see cref="LogVariable"/>: print <c>test hook: write N: save|remove TYPE/NAME</c> to standard
/// error as each write starts, numbered from 1 in the order they start.</item>
/// <item><see cref="PauseVariable"/>: once every write before write N has finished, print
/// <c>test hook: paused before write N</c> and hold write N and every later one forever, so a kill lands
/// exactly after N − 1 writes however slow the machine is.</item>
/// </list>
/// </summary>
public sealed class WriteHooksBackend : IBackend
{
    /// <summary>Milliseconds to wait before each write.</summary>
    public const string DelayVariable = "LIFEBOAT_TEST_WRITE_DELAY_MS";

    /// <summary>Any non-empty value: every write is printed to standard error as it starts.</summary>
    public const string LogVariable = "LIFEBOAT_TEST_WRITE_LOG";

    /// <summary>N ≥ 1: the command stops before its N-th write (see the class summary).</summary>
    public const string PauseVariable = "LIFEBOAT_TEST_PAUSE_BEFORE_WRITE";

    private readonly IBackend _inner;
    private readonly TimeSpan _delay;
    private readonly bool _log;
    private readonly long _pauseBefore;
    private long _started;
    private long _finished;

    private WriteHooksBackend(IBackend inner, TimeSpan delay, bool log, long pauseBefore)
    {
        _inner = inner;
        _delay = delay;
        _log = log;
        _pauseBefore = pauseBefore;
    }

    public string Location => _inner.Location;

    public BackendCapabilities Capabilities => _inner.Capabilities;

    /// <summary>Wraps <paramref name="backend"/> when any of the hook variables is set; otherwise returns it as it is.</summary>
    public static IBackend FromEnvironment(IBackend backend)
    {
        var delay = int.TryParse(Environment.GetEnvironmentVariable(DelayVariable), out var milliseconds) && milliseconds > 0 ? milliseconds : 0;
        var log = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(LogVariable));
        var pause = long.TryParse(Environment.GetEnvironmentVariable(PauseVariable), out var n) && n > 0 ? n : 0;
        return delay > 0 || log || pause > 0 ? new WriteHooksBackend(backend, TimeSpan.FromMilliseconds(delay), log, pause) : backend;
    }

    public Task CreateLayoutAsync(CancellationToken cancellationToken = default) => _inner.CreateLayoutAsync(cancellationToken);

    public Task SaveAsync(BackendFile file, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        WriteAsync("save", file, () => _inner.SaveAsync(file, data, cancellationToken), cancellationToken);

    public Task<byte[]> LoadAsync(BackendFile file, CancellationToken cancellationToken = default) => _inner.LoadAsync(file, cancellationToken);

    public Task ReadAtAsync(BackendFile file, long offset, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        _inner.ReadAtAsync(file, offset, destination, cancellationToken);

    public Task<long> StatAsync(BackendFile file, CancellationToken cancellationToken = default) => _inner.StatAsync(file, cancellationToken);

    public IAsyncEnumerable<BackendFileInfo> ListAsync(FileType type, CancellationToken cancellationToken = default) => _inner.ListAsync(type, cancellationToken);

    public Task RemoveAsync(BackendFile file, CancellationToken cancellationToken = default) =>
        WriteAsync("remove", file, () => _inner.RemoveAsync(file, cancellationToken), cancellationToken);

    public Task<long?> GetFreeSpaceAsync(CancellationToken cancellationToken = default) => _inner.GetFreeSpaceAsync(cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private async Task WriteAsync(string verb, BackendFile file, Func<Task> write, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _started);
        if (_log)
        {
            await Console.Error.WriteLineAsync($"test hook: write {number}: {verb} {file.Type}/{file.Name}");
        }

        if (_pauseBefore > 0 && number >= _pauseBefore)
        {
            if (number == _pauseBefore)
            {
                while (Interlocked.Read(ref _finished) < number - 1)
                {
                    await Task.Delay(5, cancellationToken);
                }

                await Console.Error.WriteLineAsync($"test hook: paused before write {number}");
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (_delay > TimeSpan.Zero)
        {
            await Task.Delay(_delay, cancellationToken);
        }

        try
        {
            await write();
        }
        finally
        {
            Interlocked.Increment(ref _finished);
        }
    }
}
