namespace Lifeboat.Testing;

/// <summary>Collects what a process writes to one stream; safe to read while the pump is still writing.</summary>
internal sealed class OutputBuffer
{
    private readonly Lock _lock = new();
    private readonly MemoryStream _bytes = new();
    private readonly int? _keepLast;

    /// <param name="keepLast">Keep only the last this many bytes (servers run for long); null keeps everything.</param>
    internal OutputBuffer(int? keepLast = null) => _keepLast = keepLast;

    /// <summary>Copies <paramref name="source"/> into the buffer until end of stream.</summary>
    internal async Task PumpAsync(Stream source)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer)) > 0)
        {
            Append(buffer.AsSpan(0, read));
        }
    }

    internal byte[] ToArray()
    {
        lock (_lock)
        {
            return _bytes.ToArray();
        }
    }

    internal string ToText() => System.Text.Encoding.UTF8.GetString(ToArray());

    private void Append(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            _bytes.Write(data);
            if (_keepLast is { } keep && _bytes.Length > 2L * keep)
            {
                var all = _bytes.ToArray();
                _bytes.SetLength(0);
                _bytes.Write(all.AsSpan(all.Length - keep));
            }
        }
    }
}
