namespace Lifeboat.Storage;

/// <summary>
/// A file written piece by piece whose name is known only once it is complete: a pack, named by the
/// hash of its content. Nothing is visible in the repository until <see cref="CommitAsync"/>; disposing
/// an uncommitted file discards it. Not thread-safe: one writer at a time.
/// </summary>
public interface IStagedFile : IAsyncDisposable
{
    /// <summary>Bytes written so far.</summary>
    long Length { get; }

    /// <summary>Appends bytes. May block briefly (a local write); failures throw <see cref="StorageException"/>.</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>
    /// Stores what was written as <paramref name="file"/>, atomically and durably, with the guarantees of
    /// <see cref="IBackend.SaveAsync"/>. Called at most once, after the last <see cref="Write"/>.
    /// </summary>
    Task CommitAsync(BackendFile file, CancellationToken cancellationToken = default);
}

/// <summary>
/// The staging every backend has unless it does better: the bytes are collected in memory and saved
/// with <see cref="IBackend.SaveAsync"/> on commit.
/// </summary>
public sealed class MemoryStagedFile(IBackend backend) : IStagedFile
{
    private byte[] _buffer = [];
    private int _length;

    public long Length => _length;

    public void Write(ReadOnlySpan<byte> data)
    {
        if (_length + data.Length > _buffer.Length)
        {
            var bigger = GC.AllocateUninitializedArray<byte>(Math.Max(checked(_length + data.Length), Math.Max(64 * 1024, _buffer.Length * 2)));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            _buffer = bigger;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }

    public Task CommitAsync(BackendFile file, CancellationToken cancellationToken = default) =>
        backend.SaveAsync(file, _buffer.AsMemory(0, _length), cancellationToken);

    public ValueTask DisposeAsync()
    {
        _buffer = [];
        _length = 0;
        return ValueTask.CompletedTask;
    }
}
