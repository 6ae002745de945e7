using Lifeboat.Repository.Compression;

namespace Lifeboat.Repository;

/// <summary>
/// The plaintext encoding of index, snapshot and lock files. Version 1 repositories store JSON as is;
/// version 2 prefixes a version byte: 2 means zstd-compressed JSON, while '{' or '[' mean the whole
/// plaintext is uncompressed JSON.
/// </summary>
public static class UnpackedFormat
{
    private const byte CompressedV2 = 2;

    public static byte[] Encode(ReadOnlySpan<byte> json, int repositoryVersion)
    {
        if (repositoryVersion < 2)
        {
            return json.ToArray();
        }

        var buffer = new byte[1 + Zstd.CompressBound(json.Length)];
        buffer[0] = CompressedV2;
        var length = Zstd.Compress(json, buffer.AsSpan(1), Zstd.AutoLevel);
        return buffer.AsSpan(0, 1 + length).ToArray();
    }

    /// <exception cref="FormatException">An unknown encoding version or invalid compressed data.</exception>
    public static byte[] Decode(ReadOnlySpan<byte> plaintext)
    {
        if (plaintext.IsEmpty)
        {
            throw new FormatException("empty file");
        }

        return plaintext[0] switch
        {
            (byte)'{' or (byte)'[' => plaintext.ToArray(),
            CompressedV2 => Zstd.Decompress(plaintext[1..]),
            var other => throw new FormatException($"unknown encoding version {other}"),
        };
    }
}
