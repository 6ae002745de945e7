namespace Lifeboat.Sources.Processes;

/// <summary>
/// A tool's standard output as the archiver reads it. Disposing it before the end (the backup failed or
/// was cancelled) kills the tool, so a dump never lingers blocked on a full pipe.
/// </summary>
internal sealed class ToolOutputStream(Stream inner, ToolProcess owner) : Stream
{
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Ended(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Ended(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Ended(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (!_ended)
            {
                owner.Kill();
            }

            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Ended(int read)
    {
        if (read == 0)
        {
            _ended = true;
        }

        return read;
    }
}
