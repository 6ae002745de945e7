using System.Text;

namespace Lifeboat.Sources.Processes;

/// <summary>
/// Keeps the last bytes a process wrote to one of its pipes, so that a chatty tool cannot grow memory
/// while its last words (the error) are kept for the message. Thread-safe.
/// </summary>
internal sealed class OutputTail(int capacity)
{
    private readonly Lock _lock = new();
    private readonly byte[] _buffer = new byte[capacity];
    private long _total;

    public long TotalBytes
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    public async Task PumpAsync(Stream stream)
    {
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk)) > 0)
            {
                Append(chunk.AsSpan(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // the process went away; what was read is kept
        }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            foreach (var b in data.Length > _buffer.Length ? data[^_buffer.Length..] : data)
            {
                _buffer[_total++ % _buffer.Length] = b;
            }

            if (data.Length > _buffer.Length)
            {
                _total += data.Length - _buffer.Length;
            }
        }
    }

    /// <summary>The kept bytes as text (from a line start when the beginning was cut).</summary>
    public string ToText()
    {
        byte[] bytes;
        bool cut;
        lock (_lock)
        {
            var length = (int)Math.Min(_total, _buffer.Length);
            bytes = new byte[length];
            var start = (int)((_total - length) % _buffer.Length);
            for (var i = 0; i < length; i++)
            {
                bytes[i] = _buffer[(start + i) % _buffer.Length];
            }

            cut = _total > _buffer.Length;
        }

        var text = Encoding.UTF8.GetString(bytes);
        if (cut && text.IndexOf('\n', StringComparison.Ordinal) is var newline and >= 0)
        {
            text = "..." + text[newline..];
        }

        return text;
    }
}
