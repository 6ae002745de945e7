using System.Buffers.Binary;
using System.Security.Cryptography;
using Lifeboat.Storage;

namespace Lifeboat.Repository.Packs;

/// <summary>
/// Collects encrypted blobs of one type into a pack until it reaches its target size, then seals it:
/// the encrypted header and its length are appended and the pack's id is the SHA-256 of the whole.
/// Blobs go straight to a staged file of the backend (on local disks a temporary file), hashed on the
/// way, so a pack being filled or waiting for upload holds no memory. Not thread-safe;
/// <see cref="RepositoryWriter"/> serialises access.
/// </summary>
internal sealed class Packer(BlobType type, int targetSize, Func<IStagedFile> stage) : IAsyncDisposable
{
    private readonly List<PackedBlob> _blobs = [];
    private IStagedFile? _file;
    private IncrementalHash? _hash;
    private int _length;

    public BlobType Type { get; } = type;

    public int Length => _length;

    public int Count => _blobs.Count;

    public bool IsFull => _length >= targetSize;

    /// <summary>
    /// True when adding a blob of <paramref name="length"/> bytes would take the pack past its target
    /// size (with room for its header): the pack is sealed first, so that packs stay within the target.
    /// </summary>
    public bool WouldOverflow(int length) => _blobs.Count > 0 && _length + length + HeaderReserve(_blobs.Count + 1) > targetSize;

    /// <summary>Appends an encrypted blob.</summary>
    public void Add(Id id, ReadOnlySpan<byte> encrypted, uint uncompressedLength)
    {
        if (_file is null)
        {
            _file = stage();
            _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }

        _file.Write(encrypted);
        _hash!.AppendData(encrypted);
        _blobs.Add(new PackedBlob(id, Type, checked((uint)_length), checked((uint)encrypted.Length), uncompressedLength));
        _length += encrypted.Length;
    }

    /// <summary>Finishes the pack (which must hold a blob); the packer starts a new, empty one.</summary>
    public SealedPack Seal(Crypto.CryptoKey key)
    {
        var file = _file ?? throw new InvalidOperationException("an empty pack cannot be sealed");
        var header = PackHeader.Encode(_blobs);
        var trailer = new byte[Crypto.CryptoKey.CiphertextLength(header.Length) + 4];
        key.Encrypt(header, trailer.AsSpan(0, trailer.Length - 4));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(trailer.Length - 4), (uint)(trailer.Length - 4));
        file.Write(trailer);
        _hash!.AppendData(trailer);
        var sealedPack = new SealedPack(new Id(_hash.GetHashAndReset()), file, _length + trailer.Length, _blobs.ToArray());
        _hash.Dispose();
        _hash = null;
        _file = null;
        _blobs.Clear();
        _length = 0;
        return sealedPack;
    }

    /// <summary>
    /// Forgets the pack being filled (after a failure) and returns its staged file for the caller to
    /// discard outside its lock.
    /// </summary>
    public IStagedFile? Discard()
    {
        var file = _file;
        _file = null;
        _hash?.Dispose();
        _hash = null;
        _blobs.Clear();
        _length = 0;
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        if (Discard() is { } file)
        {
            await file.DisposeAsync();
        }
    }

    private static int HeaderReserve(int blobs) => (blobs * PackHeader.CompressedEntrySize) + Crypto.CryptoKey.Overhead + 4;
}

/// <summary>A finished pack: its id, its staged file (<see cref="Length"/> bytes), its blobs.</summary>
internal sealed record SealedPack(Id Id, IStagedFile File, int Length, PackedBlob[] Blobs)
{
    /// <summary>Discards the staged file unless it was committed.</summary>
    public ValueTask ReleaseAsync() => File.DisposeAsync();
}
