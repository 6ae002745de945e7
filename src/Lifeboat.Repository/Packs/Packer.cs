using System.Buffers;
using System.Buffers.Binary;

namespace Lifeboat.Repository.Packs;

/// <summary>
/// Collects encrypted blobs of one type into a pack until it reaches its target size, then seals it:
/// the encrypted header and its length are appended and the pack's id is the SHA-256 of the whole.
/// Not thread-safe; <see cref="RepositoryWriter"/> serialises access. Buffers come from the shared
/// array pool and go back to it once the sealed pack is stored.
/// </summary>
internal sealed class Packer(BlobType type, int targetSize)
{
    private readonly List<PackedBlob> _blobs = [];
    private byte[]? _buffer;
    private int _length;

    public BlobType Type { get; } = type;

    public int Length => _length;

    public int Count => _blobs.Count;

    public bool IsFull => _length >= targetSize;

    /// <summary>
    /// True when adding a blob of <paramref name="length"/> bytes would take the pack past its target
    /// size (with room for its header): the pack is sealed first, so that packs stay within the target
    /// and their buffers within one size class of the array pool.
    /// </summary>
    public bool WouldOverflow(int length) => _blobs.Count > 0 && _length + length + HeaderReserve(_blobs.Count + 1) > targetSize;

    /// <summary>Appends an encrypted blob.</summary>
    public void Add(Id id, ReadOnlySpan<byte> encrypted, uint uncompressedLength)
    {
        Ensure(_length + encrypted.Length);
        encrypted.CopyTo(_buffer.AsSpan(_length));
        _blobs.Add(new PackedBlob(id, Type, checked((uint)_length), checked((uint)encrypted.Length), uncompressedLength));
        _length += encrypted.Length;
    }

    /// <summary>Finishes the pack; the packer starts a new, empty one.</summary>
    public SealedPack Seal(Crypto.CryptoKey key)
    {
        var header = PackHeader.Encode(_blobs);
        var encryptedHeaderLength = Crypto.CryptoKey.CiphertextLength(header.Length);
        var total = _length + encryptedHeaderLength + 4;
        Ensure(total);
        var buffer = _buffer!;
        key.Encrypt(header, buffer.AsSpan(_length, encryptedHeaderLength));
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(total - 4), (uint)encryptedHeaderLength);
        var sealedPack = new SealedPack(Id.Hash(buffer.AsSpan(0, total)), buffer, total, _blobs.ToArray());
        _blobs.Clear();
        _length = 0;
        _buffer = null;
        return sealedPack;
    }

    private static int HeaderReserve(int blobs) => (blobs * PackHeader.CompressedEntrySize) + Crypto.CryptoKey.Overhead + 4;

    private void Ensure(int size)
    {
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, targetSize));
        }
        else if (size > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(size, _buffer.Length * 2));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
    }
}

/// <summary>A finished pack: its id, its bytes (a pooled buffer, <see cref="Length"/> used), its blobs.</summary>
internal sealed record SealedPack(Id Id, byte[] Buffer, int Length, PackedBlob[] Blobs)
{
    public ReadOnlyMemory<byte> Data => Buffer.AsMemory(0, Length);

    public void Release() => ArrayPool<byte>.Shared.Return(Buffer);
}
