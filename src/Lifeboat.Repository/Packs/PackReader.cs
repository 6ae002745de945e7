using System.Buffers.Binary;
using Lifeboat.Storage;

namespace Lifeboat.Repository.Packs;

/// <summary>Reads what a pack says about itself: its header, from the pack's tail.</summary>
public static class PackReader
{
    /// <summary>
    /// Reads and decrypts a pack's header (two small reads from its end) and returns its blobs.
    /// </summary>
    /// <exception cref="IntegrityException">The header is damaged or inconsistent with the pack's size.</exception>
    public static async Task<List<PackedBlob>> ReadHeaderAsync(Repository repository, Id packId, long size, CancellationToken cancellationToken = default)
    {
        var file = new BackendFile(FileType.Pack, packId.ToString());
        if (size < 4 + Crypto.CryptoKey.Overhead)
        {
            throw new IntegrityException($"{file} is too small to be a pack ({size} bytes)");
        }

        var lengthBytes = new byte[4];
        await repository.Backend.ReadAtAsync(file, size - 4, lengthBytes, cancellationToken);
        var headerLength = BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength < Crypto.CryptoKey.Overhead || headerLength > size - 4)
        {
            throw new IntegrityException($"{file} has an invalid header length {headerLength} (pack size {size})");
        }

        var encrypted = new byte[headerLength];
        await repository.Backend.ReadAtAsync(file, size - 4 - headerLength, encrypted, cancellationToken);
        return Parse(repository, file, encrypted, size - 4 - headerLength);
    }

    /// <summary>The size a pack with these blobs has on disk.</summary>
    public static long ExpectedSize(IReadOnlyCollection<PackedBlob> blobs)
    {
        long size = 4 + Crypto.CryptoKey.Overhead;
        foreach (var blob in blobs)
        {
            size += blob.Length + (blob.IsCompressed ? PackHeader.CompressedEntrySize : PackHeader.PlainEntrySize);
        }

        return size;
    }

    private static List<PackedBlob> Parse(Repository repository, BackendFile file, ReadOnlySpan<byte> encrypted, long blobsEnd)
    {
        byte[] header;
        try
        {
            header = repository.Key.Decrypt(encrypted);
        }
        catch (IntegrityException)
        {
            throw new IntegrityException($"{file} has a damaged header: ciphertext verification failed");
        }

        List<PackedBlob> blobs;
        try
        {
            blobs = PackHeader.Parse(header, repository.Version);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new IntegrityException($"{file} has an invalid header: {ex.Message}", ex);
        }

        var end = blobs.Count == 0 ? 0 : (long)blobs[^1].Offset + blobs[^1].Length;
        if (end != blobsEnd)
        {
            throw new IntegrityException($"{file}: its header describes {end} bytes of blobs, but the pack holds {blobsEnd}");
        }

        return blobs;
    }
}
