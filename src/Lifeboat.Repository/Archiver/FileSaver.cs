using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;
using Lifeboat.Repository.Chunking;

namespace Lifeboat.Repository.Archiver;

/// <summary>
/// The backup's data path. Reader workers read files (several at once), cut them into chunks with
/// restic's chunker and hash every chunk; chunks the repository lacks go to encoder workers, which
/// compress, encrypt, verify and pack them. A file is done as soon as its chunk list is known, so the
/// tree can be built while encoders catch up; a single large file keeps every core busy because its
/// chunks are encoded in parallel. Both queues are bounded and buffers are pooled, so memory stays flat
/// whatever the input.
/// </summary>
internal sealed class FileSaver : IAsyncDisposable
{
    /// <summary>Reads are this large; a chunk is at most <see cref="Chunker.MaxSize"/>.</summary>
    private const int ReadSize = 1024 * 1024;
    private const int BufferSize = Chunker.MaxSize + ReadSize;

    private readonly RepositoryWriter _writer;
    private readonly Polynomial _polynomial;
    private readonly Channel<ReadJob> _reads;
    private readonly Channel<BlobJob> _blobs;
    private readonly Task[] _readers;
    private readonly Task[] _encoders;
    private readonly CancellationTokenSource _cancellation;
    private long _bytesRead;
    private Exception? _failure;

    public FileSaver(RepositoryWriter writer, Polynomial polynomial, int readers, int encoders, CancellationToken cancellationToken)
    {
        _writer = writer;
        _polynomial = polynomial;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _reads = Channel.CreateBounded<ReadJob>(new BoundedChannelOptions(readers * 4));
        _blobs = Channel.CreateBounded<BlobJob>(new BoundedChannelOptions(encoders));
        _readers = Enumerable.Range(0, readers).Select(_ => Task.Run(ReadLoopAsync)).ToArray();
        _encoders = Enumerable.Range(0, encoders).Select(_ => Task.Run(EncodeLoopAsync)).ToArray();
    }

    /// <summary>Bytes of file content read so far (for progress).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Called with the number of bytes each time a read completes (for progress).</summary>
    public Action<long>? OnRead { get; init; }

    /// <summary>Queues a file; the task completes with its chunk ids once it has been read and hashed.</summary>
    public async Task<List<Id>> SaveAsync(Func<Stream> open, CancellationToken cancellationToken)
    {
        var job = new ReadJob(open);
        try
        {
            // The saver's own token: it is also cancelled when an encoder fails, so no caller waits forever.
            await _reads.Writer.WriteAsync(job, _cancellation.Token);
        }
        catch (OperationCanceledException) when (_failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return await job.Completion.Task;
    }

    /// <summary>Waits until every queued chunk is stored in the repository writer.</summary>
    public async Task CompleteAsync()
    {
        _reads.Writer.TryComplete();
        await Task.WhenAll(_readers);
        _blobs.Writer.TryComplete();
        await Task.WhenAll(_encoders);
    }

    public async ValueTask DisposeAsync()
    {
        await _cancellation.CancelAsync();
        _reads.Writer.TryComplete();
        _blobs.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_readers.Concat(_encoders));
        }
        catch (Exception)
        {
            // failures were reported to the callers already
        }

        _cancellation.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var chunker = new Chunker(_polynomial);
        // Not pooled: the pool would round it up to the next power of two and keep it after the backup.
        var buffer = GC.AllocateUninitializedArray<byte>(BufferSize);
        try
        {
            await foreach (var job in _reads.Reader.ReadAllAsync(_cancellation.Token))
            {
                try
                {
                    await using var stream = job.Open();
                    job.Completion.TrySetResult(await ChunkAsync(stream, chunker, buffer));
                }
                catch (OperationCanceledException ex)
                {
                    Cancel(job, ex.CancellationToken);
                }
                catch (Exception ex)
                {
                    job.Completion.TrySetException(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // disposal
        }
        finally
        {
            while (_reads.Reader.TryRead(out var left))
            {
                Cancel(left, _cancellation.Token);
            }
        }
    }

    /// <summary>A job that cannot run: failed with the encoders' error if that is why, else cancelled.</summary>
    private void Cancel(ReadJob job, CancellationToken token)
    {
        if (_failure is { } failure)
        {
            job.Completion.TrySetException(failure);
        }
        else
        {
            job.Completion.TrySetCanceled(token);
        }
    }

    private async Task<List<Id>> ChunkAsync(Stream stream, Chunker chunker, byte[] buffer)
    {
        var content = new List<Id>();
        var token = _cancellation.Token;
        chunker.Reset();
        int start = 0, scan = 0, end = 0;
        while (true)
        {
            if (scan == end)
            {
                if (BufferSize - end < ReadSize)
                {
                    // Move the current chunk's bytes to the front to make room.
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    scan -= start;
                    start = 0;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(end, Math.Min(ReadSize, BufferSize - end)), token);
                if (read == 0)
                {
                    if (end > start)
                    {
                        await EmitAsync(buffer.AsMemory(start, end - start), content, token);
                    }

                    return content;
                }

                end += read;
                Interlocked.Add(ref _bytesRead, read);
                OnRead?.Invoke(read);
            }

            scan += chunker.FindBoundary(buffer.AsSpan(scan, end - scan), out var isBoundary);
            if (isBoundary)
            {
                await EmitAsync(buffer.AsMemory(start, scan - start), content, token);
                start = scan; // the chunker is already set for the next chunk
            }
        }
    }

    private async ValueTask EmitAsync(ReadOnlyMemory<byte> chunk, List<Id> content, CancellationToken cancellationToken)
    {
        Span<byte> hash = stackalloc byte[Id.Size];
        SHA256.HashData(chunk.Span, hash);
        var id = new Id(hash);
        content.Add(id);
        if (!_writer.TryClaim(BlobType.Data, id))
        {
            return;
        }

        var copy = BlobBuffers.Rent(chunk.Length);
        chunk.Span.CopyTo(copy);
        await _blobs.Writer.WriteAsync(new BlobJob(id, copy, chunk.Length), cancellationToken);
    }

    private async Task EncodeLoopAsync()
    {
        try
        {
            await foreach (var job in _blobs.Reader.ReadAllAsync(_cancellation.Token))
            {
                try
                {
                    await _writer.SaveBlobOverwritingAsync(BlobType.Data, job.Id, job.Buffer.AsMemory(0, job.Length), _cancellation.Token);
                }
                finally
                {
                    BlobBuffers.Return(job.Buffer);
                }
            }
        }
        catch (Exception ex)
        {
            // Stop the readers too: nothing may wait forever for an encoder that is gone; whoever waits
            // for a file gets this error (a pack that could not be stored), not a bare cancellation.
            if (ex is not OperationCanceledException)
            {
                Interlocked.CompareExchange(ref _failure, ex, null);
            }

            await _cancellation.CancelAsync();
            throw;
        }
    }

    private sealed class ReadJob(Func<Stream> open)
    {
        public Func<Stream> Open { get; } = open;

        public TaskCompletionSource<List<Id>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly record struct BlobJob(Id Id, byte[] Buffer, int Length);
}
