using System.Security.Cryptography;
using Lifeboat.Storage;

namespace Lifeboat.Repository.Checking;

/// <summary>
/// Reads a pack front to back in windows of a few megabytes and hashes every byte exactly once, so that
/// checking a pack holds one window (or one blob larger than it) instead of the whole pack. Ranges are
/// asked for in increasing order; bytes between them (and after the last) are read and hashed too.
/// </summary>
internal sealed class SequentialPackReader(IBackend backend, BackendFile file, long size) : IDisposable
{
    /// <summary>Bytes read per request: neighbouring blobs share one read.</summary>
    private const int WindowSize = 4 * 1024 * 1024;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = BlobBuffers.Rent(WindowSize);
    private long _bufferOffset; // the pack offset of _buffer[0]
    private int _filled;        // bytes of _buffer read (and hashed)

    /// <summary>Where the next range may start: everything before it has been read and hashed.</summary>
    public long Position { get; private set; }

    /// <summary>
    /// The pack's bytes [offset, offset + length), which must not start before <see cref="Position"/>.
    /// The memory stays valid (and may be overwritten by the caller) until the next call.
    /// </summary>
    /// <exception cref="StorageException">A read failed.</exception>
    public async ValueTask<Memory<byte>> ReadAsync(long offset, int length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(offset, Position);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, size);

        var end = offset + length;
        var filledEnd = _bufferOffset + _filled;
        if (offset >= filledEnd)
        {
            await SkipToAsync(offset, cancellationToken); // reads and hashes any gap; the window starts at offset
        }
        else if (end > filledEnd && offset > _bufferOffset)
        {
            // The range runs past the window: keep its start, drop what was consumed before it.
            var keep = (int)(filledEnd - offset);
            Buffer.BlockCopy(_buffer, (int)(offset - _bufferOffset), _buffer, 0, keep);
            _bufferOffset = offset;
            _filled = keep;
        }

        var needed = (int)(end - _bufferOffset);
        if (needed > _buffer.Length)
        {
            var larger = BlobBuffers.Rent(needed);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _filled);
            BlobBuffers.Return(_buffer);
            _buffer = larger;
        }

        if (_filled < needed)
        {
            // Read at least the rest of the range, and as much of what follows as the window holds.
            await FillAsync((int)Math.Min(_buffer.Length - _filled, size - (_bufferOffset + _filled)), cancellationToken);
        }

        Position = end;
        return _buffer.AsMemory((int)(offset - _bufferOffset), length);
    }

    /// <summary>Reads and hashes the rest of the pack and returns its SHA-256 (its id when intact).</summary>
    /// <exception cref="StorageException">A read failed.</exception>
    public async Task<Id> FinishAsync(CancellationToken cancellationToken)
    {
        await SkipToAsync(size, cancellationToken);
        return new Id(_hash.GetHashAndReset());
    }

    public void Dispose()
    {
        _hash.Dispose();
        BlobBuffers.Return(_buffer);
        _buffer = [];
    }

    // Empties the window and reads (hashing) whole windows until offset is the next byte to read.
    private async ValueTask SkipToAsync(long offset, CancellationToken cancellationToken)
    {
        var next = _bufferOffset + _filled;
        while (next < offset)
        {
            _bufferOffset = next;
            _filled = 0;
            await FillAsync((int)Math.Min(_buffer.Length, offset - next), cancellationToken);
            next = _bufferOffset + _filled;
        }

        _bufferOffset = offset;
        _filled = 0;
        Position = Math.Max(Position, offset);
    }

    private async ValueTask FillAsync(int count, CancellationToken cancellationToken)
    {
        var destination = _buffer.AsMemory(_filled, count);
        await backend.ReadAtAsync(file, _bufferOffset + _filled, destination, cancellationToken);
        _hash.AppendData(destination.Span);
        _filled += count;
    }
}
