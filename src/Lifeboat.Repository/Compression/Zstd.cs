using ZstdSharp;

namespace Lifeboat.Repository.Compression;

/// <summary>
/// zstd compression as restic uses it. Compressor and decompressor contexts are expensive to create and
/// not thread-safe, so each thread keeps its own.
/// </summary>
public static class Zstd
{
    /// <summary>The level of restic's "auto" mode (comparable to zstd's default, 3).</summary>
    public const int AutoLevel = 3;

    /// <summary>The level of restic's "max" mode.</summary>
    public const int MaxLevel = 19;

    [ThreadStatic]
    private static Decompressor? t_decompressor;

    [ThreadStatic]
    private static Compressor? t_compressor;

    [ThreadStatic]
    private static int t_compressorLevel;

    public static int CompressBound(int length) => Compressor.GetCompressBound(length);

    /// <summary>Compresses into <paramref name="destination"/> (at least <see cref="CompressBound"/> bytes).</summary>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination, int level)
    {
        var compressor = t_compressor;
        if (compressor is null || t_compressorLevel != level)
        {
            compressor?.Dispose();
            compressor = t_compressor = new Compressor(level);
            t_compressorLevel = level;
        }

        return compressor.Wrap(source, destination);
    }

    /// <summary>Decompresses a frame whose plaintext length is known.</summary>
    /// <exception cref="FormatException">The data is not valid zstd or has another length.</exception>
    public static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        try
        {
            return (t_decompressor ??= new Decompressor()).Unwrap(source, destination);
        }
        catch (ZstdException ex)
        {
            throw new FormatException($"invalid zstd data: {ex.Message}", ex);
        }
    }

    /// <summary>Decompresses a frame of unknown length.</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> source)
    {
        try
        {
            return (t_decompressor ??= new Decompressor()).Unwrap(source).ToArray();
        }
        catch (ZstdException ex)
        {
            throw new FormatException($"invalid zstd data: {ex.Message}", ex);
        }
    }
}
