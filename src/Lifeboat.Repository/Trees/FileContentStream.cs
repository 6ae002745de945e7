namespace Lifeboat.Repository.Trees;

/// <summary>
/// A read-only stream over a file's content in a repository: its data blobs, loaded and verified one
/// at a time as the stream is read. It reports itself seekable only so that writers which need the
/// length up front (tar) accept it; seeking anywhere but the current position is not supported.
/// </summary>
public sealed class FileContentStream(Repository repository, Node node) : Stream
{
    private readonly IReadOnlyList<Id> _content = node.Content ?? [];
    private int _next;
    private byte[] _current = [];
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
        while (_offset == _current.Length)
        {
            if (_next == _content.Count)
            {
                return 0;
            }

            _current = await repository.LoadBlobAsync(BlobType.Data, _content[_next++], cancellationToken);
            _offset = 0;
        }

        var count = Math.Min(buffer.Length, _current.Length - _offset);
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
}
