using System.Buffers.Binary;

namespace Lifeboat.Repository.Packs;

/// <summary>
/// The header at the end of a pack: one entry per blob (type, encrypted length, plaintext length when
/// compressed, id). Offsets are implied by the order of the entries.
/// </summary>
public static class PackHeader
{
    public const int PlainEntrySize = 1 + 4 + Id.Size;
    public const int CompressedEntrySize = 1 + 4 + 4 + Id.Size;

    /// <summary>Parses a decrypted header into the blobs it describes, with their offsets.</summary>
    /// <exception cref="FormatException">Unknown blob type or truncated entry.</exception>
    public static List<PackedBlob> Parse(ReadOnlySpan<byte> header, int repositoryVersion)
    {
        var blobs = new List<PackedBlob>(header.Length / PlainEntrySize);
        uint offset = 0;
        while (header.Length > 0)
        {
            var type = header[0];
            var compressed = type is 2 or 3;
            if (type > 3 || (compressed && repositoryVersion < 2))
            {
                throw new FormatException($"pack header: invalid blob type {type}");
            }

            var size = compressed ? CompressedEntrySize : PlainEntrySize;
            if (header.Length < size)
            {
                throw new FormatException("pack header: truncated entry");
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(header[1..]);
            var uncompressed = compressed ? BinaryPrimitives.ReadUInt32LittleEndian(header[5..]) : 0;
            var id = new Id(header.Slice(size - Id.Size, Id.Size));
            blobs.Add(new PackedBlob(id, (BlobType)(type & 1), offset, length, uncompressed));
            offset = checked(offset + length);
            header = header[size..];
        }

        return blobs;
    }

    /// <summary>The header for <paramref name="blobs"/> (in pack order), before encryption.</summary>
    public static byte[] Encode(IReadOnlyList<PackedBlob> blobs)
    {
        var size = 0;
        foreach (var blob in blobs)
        {
            size += blob.IsCompressed ? CompressedEntrySize : PlainEntrySize;
        }

        var header = new byte[size];
        var span = header.AsSpan();
        foreach (var blob in blobs)
        {
            span[0] = (byte)((byte)blob.Type | (blob.IsCompressed ? 2 : 0));
            BinaryPrimitives.WriteUInt32LittleEndian(span[1..], blob.Length);
            var idOffset = 5;
            if (blob.IsCompressed)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[5..], blob.UncompressedLength);
                idOffset = 9;
            }

            blob.Id.CopyTo(span[idOffset..]);
            span = span[(idOffset + Id.Size)..];
        }

        return header;
    }
}
