namespace Lifeboat.Repository.Packs;

/// <summary>
/// Where a blob lives inside a pack: its id and type, the offset and length of its encrypted bytes, and
/// its plaintext length when it is compressed (0 when it is not).
/// </summary>
public readonly record struct PackedBlob(Id Id, BlobType Type, uint Offset, uint Length, uint UncompressedLength)
{
    public bool IsCompressed => UncompressedLength != 0;

    /// <summary>The length of the blob's plaintext (decrypted and decompressed).</summary>
    public uint PlaintextLength => IsCompressed ? UncompressedLength : Length - Crypto.CryptoKey.Overhead;
}
