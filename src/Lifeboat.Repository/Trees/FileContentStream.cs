namespace Lifeboat.Repository.Trees;

/// <summary>
/// A read-only stream over a file's content in a repository: its data blobs, loaded and verified in
/// order as the stream is read, the next one while the current one is consumed (a dump fed to
/// pg_restore never waits for a blob to be decrypted). At most two blobs are held, in pooled buffers.
/// It reports itself seekable only so that writers which need the length up front (tar) accept it;
/// seeking anywhere but the current position is not supported.
/// </summary>
public sealed class FileContentStream(Repository repository, Node node) : Stream
{
    private readonly IReadOnlyList<Id> _content = node.Content ?? [];
    private int _next;
    private Task<(byte[] Buffer, int Length)>? _ahead;
    private byte[]? _current;
    private int _length;
    private int _offset;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => (long)node.Size;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_offset == _length)
        {
            ReleaseCurrent();
            var loading = _ahead ?? StartNext();
            _ahead = null;
            if (loading is null)
            {
                return 0;
            }

            (byte[] Buffer, int Length) loaded;
            try
            {
                loaded = await loading.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (!loading.IsCompleted)
            {
                ReturnWhenDone(loading);
                throw;
            }

            (_current, _length, _offset) = (loaded.Buffer, loaded.Length, 0);
            _ahead = StartNext();
        }

        var count = Math.Min(buffer.Length, _length - _offset);
        _current.AsSpan(_offset, count).CopyTo(buffer.Span);
        _offset += count;
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };
        return target == _position ? _position : throw new NotSupportedException("a repository file can only be read in order");
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReleaseCurrent();
            if (_ahead is { } ahead)
            {
                ReturnWhenDone(ahead);
                _ahead = null;
            }
        }

        base.Dispose(disposing);
    }

    private static void ReturnWhenDone(Task<(byte[] Buffer, int Length)> loading) =>
        loading.ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    BlobBuffers.Return(t.Result.Buffer);
                }

                return t.Exception; // observed
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private void ReleaseCurrent()
    {
        if (_current is { } current)
        {
            _current = null;
            (_length, _offset) = (0, 0);
            BlobBuffers.Return(current);
        }
    }

    // Decryption and decompression run on the thread pool, beside whoever consumes the current blob.
    private Task<(byte[] Buffer, int Length)>? StartNext()
    {
        if (_next == _content.Count)
        {
            return null;
        }

        var id = _content[_next++];
        return Task.Run(() => repository.LoadBlobPooledAsync(BlobType.Data, id));
    }
}
