using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Lifeboat.Repository.Crypto;

/// <summary>
/// AES in counter mode exactly as Go's <c>cipher.NewCTR</c>: the whole 16-byte IV is one big-endian
/// 128-bit counter, incremented once per block and wrapping from 2^128 - 1 to 0. Encryption and
/// decryption are the same operation (XOR with the key stream).
/// </summary>
/// <remarks>
/// .NET has no CTR mode, so counter blocks are laid out in a buffer, encrypted with AES-ECB in one
/// call, and XORed into the data. The ECB transform object is kept for the lifetime of the instance:
/// the one-shot <c>Aes.EncryptEcb</c> builds a new native cipher context on every call (about a
/// microsecond), the transform does not. An instance is NOT thread-safe (it owns one scratch buffer);
/// use one per thread, or a pool, as <see cref="CryptoKey"/> does.
/// </remarks>
public sealed class AesCtr : IDisposable
{
    public const int BlockSize = 16;

    // Key stream produced per AES call: large enough to amortize the call, small enough for L1/L2.
    private const int ChunkSize = 16 * 1024;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _keyStream = GC.AllocateUninitializedArray<byte>(ChunkSize);
    private bool _disposed;

    /// <param name="key">16, 24 or 32 bytes (AES-128, -192, -256); restic uses 32.</param>
    /// <exception cref="ArgumentException">The key has another length.</exception>
    public AesCtr(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException($"an AES key has 16, 24 or 32 bytes, not {key.Length}", nameof(key));
        }

        _aes = Aes.Create();
        _aes.SetKey(key);
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>
    /// XORs the key stream for <paramref name="iv"/> into <paramref name="source"/>, writing
    /// <paramref name="destination"/> (same length). Source and destination may be the same memory
    /// (in place) or must not overlap at all.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong IV length, length mismatch or partial overlap.</exception>
    public void Transform(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (iv.Length != BlockSize)
        {
            throw new ArgumentException($"the IV has {BlockSize} bytes, not {iv.Length}", nameof(iv));
        }

        if (destination.Length != source.Length)
        {
            throw new ArgumentException("source and destination differ in length", nameof(destination));
        }

        if (source.Overlaps(destination, out var offset) && offset != 0)
        {
            throw new ArgumentException("source and destination overlap partially", nameof(destination));
        }

        var high = BinaryPrimitives.ReadUInt64BigEndian(iv);
        var low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]);
        var keyStream = _keyStream;

        while (!source.IsEmpty)
        {
            var length = Math.Min(source.Length, ChunkSize);
            var blocksBytes = (length + BlockSize - 1) & ~(BlockSize - 1);
            FillCounters(keyStream.AsSpan(0, blocksBytes), ref high, ref low);
            _ecb.TransformBlock(keyStream, 0, blocksBytes, keyStream, 0);
            XorHelper.Xor(source[..length], keyStream, destination[..length]);
            source = source[length..];
            destination = destination[length..];
        }
    }

    /// <summary>Transforms <paramref name="data"/> in place.</summary>
    public void Transform(ReadOnlySpan<byte> iv, Span<byte> data) => Transform(iv, data, data);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _ecb.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_keyStream);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillCounters(Span<byte> blocks, ref ulong high, ref ulong low)
    {
        unchecked
        {
            ref var b = ref MemoryMarshal.GetReference(blocks);
            var h = high;
            var l = low;
            var hBytes = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(h) : h;
            for (nuint i = 0; i < (nuint)blocks.Length; i += BlockSize)
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref b, i), hBytes);
                Unsafe.WriteUnaligned(
                    ref Unsafe.Add(ref b, i + 8),
                    BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(l) : l);
                l++;
                if (l == 0)
                {
                    h++;
                    hBytes = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(h) : h;
                }
            }

            high = h;
            low = l;
        }
    }
}
