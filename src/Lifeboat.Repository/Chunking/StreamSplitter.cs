using System.Buffers;
using System.Runtime.CompilerServices;

namespace Lifeboat.Repository.Chunking;

/// <summary>
/// Splits a whole stream into restic's chunks and reports where they are, for tests and simple
/// callers; the backup pipeline drives a <see cref="Chunker"/> over its own buffers instead.
/// </summary>
public static class StreamSplitter
{
    private const int BufferSize = 1024 * 1024;

    /// <summary>
    /// The chunks of <paramref name="stream"/> from its current position to its end, in order, with
    /// offsets counted from that position. An empty stream has no chunk. Reads lazily with one pooled
    /// buffer; exceptions of the stream pass through.
    /// </summary>
    public static IEnumerable<ChunkBoundary> Split(Stream stream, Polynomial polynomial)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return SplitIterator(stream, new Chunker(polynomial));
    }

    /// <summary>The asynchronous form of <see cref="Split"/>.</summary>
    public static IAsyncEnumerable<ChunkBoundary> SplitAsync(
        Stream stream, Polynomial polynomial, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return SplitAsyncIterator(stream, new Chunker(polynomial), cancellationToken);
    }

    private static IEnumerable<ChunkBoundary> SplitIterator(Stream stream, Chunker chunker)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long chunkStart = 0;
            long consumed = 0;
            int read;
            while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
            {
                for (var position = 0; position < read;)
                {
                    var n = chunker.FindBoundary(buffer.AsSpan(position, read - position), out var isBoundary);
                    position += n;
                    consumed += n;
                    if (isBoundary)
                    {
                        yield return new ChunkBoundary(chunkStart, checked((int)(consumed - chunkStart)));
                        chunkStart = consumed;
                    }
                }
            }

            if (consumed > chunkStart)
            {
                yield return new ChunkBoundary(chunkStart, checked((int)(consumed - chunkStart)));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async IAsyncEnumerable<ChunkBoundary> SplitAsyncIterator(
        Stream stream, Chunker chunker, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long chunkStart = 0;
            long consumed = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                for (var position = 0; position < read;)
                {
                    var n = chunker.FindBoundary(buffer.AsSpan(position, read - position), out var isBoundary);
                    position += n;
                    consumed += n;
                    if (isBoundary)
                    {
                        yield return new ChunkBoundary(chunkStart, checked((int)(consumed - chunkStart)));
                        chunkStart = consumed;
                    }
                }
            }

            if (consumed > chunkStart)
            {
                yield return new ChunkBoundary(chunkStart, checked((int)(consumed - chunkStart)));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
