using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lifeboat.Repository.Crypto;

/// <summary>
/// ROMix of one scrypt lane with 128-bit vectors (any platform with SIMD, or software fallback).
/// </summary>
/// <remarks>
/// Every 64-byte Salsa20 block is kept in "diagonal" order, four vectors (x0 x5 x10 x15)
/// (x4 x9 x14 x3) (x8 x13 x2 x7) (x12 x1 x6 x11): a column round is then one quarter-round on the
/// four vectors, and a row round is the same after rotating the lanes of three of them. The order
/// is applied when a block enters ROMix and undone when it leaves; XOR, addition and the choice of
/// j (word 0 stays in element 0) do not depend on it.
/// </remarks>
internal static class ScryptLane
{
    public static void RoMix(Span<byte> block, int n, int r, Span<Vector128<uint>> v, Span<Vector128<uint>> x, Span<Vector128<uint>> y)
    {
        var blockVectors = 8 * r;

        Load(block, v.Slice(0, blockVectors));
        for (var i = 0; i < n - 1; i++)
        {
            BlockMix(v.Slice(i * blockVectors, blockVectors), v.Slice((i + 1) * blockVectors, blockVectors), r);
        }

        BlockMix(v.Slice((n - 1) * blockVectors, blockVectors), x, r);

        var mask = (uint)(n - 1);
        var last = (2 * r - 1) * 4;
        for (var i = 0; i < n; i++)
        {
            var j = (int)(x[last].ToScalar() & mask);
            BlockMixXor(x, v.Slice(j * blockVectors, blockVectors), y, r);
            var swap = x;
            x = y;
            y = swap;
        }

        Store(x, block);
    }

    // Y = BlockMix(B): B_i (i < 2r) are 64-byte blocks; Y = (Y0, Y2, ..., Y1, Y3, ...). Output must
    // not overlap input. Unchecked refs: the callers pass spans of exactly 8r vectors.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockMix(ReadOnlySpan<Vector128<uint>> input, Span<Vector128<uint>> output, int r)
    {
        unchecked
        {
            ref var source = ref MemoryMarshal.GetReference(input);
            ref var target = ref MemoryMarshal.GetReference(output);
            var count = (nuint)(2 * r);
            var half = (nuint)r * 4;
            ref var lastBlock = ref Unsafe.Add(ref source, (count * 4) - 4);
            var a = lastBlock;
            var b = Unsafe.Add(ref lastBlock, 1);
            var c = Unsafe.Add(ref lastBlock, 2);
            var d = Unsafe.Add(ref lastBlock, 3);
            for (nuint i = 0; i < count; i++)
            {
                ref var block = ref Unsafe.Add(ref source, i * 4);
                a ^= block;
                b ^= Unsafe.Add(ref block, 1);
                c ^= Unsafe.Add(ref block, 2);
                d ^= Unsafe.Add(ref block, 3);
                Salsa208(ref a, ref b, ref c, ref d);
                ref var destination = ref Unsafe.Add(ref target, ((i & 1) * half) + ((i >> 1) * 4));
                destination = a;
                Unsafe.Add(ref destination, 1) = b;
                Unsafe.Add(ref destination, 2) = c;
                Unsafe.Add(ref destination, 3) = d;
            }
        }
    }

    // Y = BlockMix(X xor V), without materializing X xor V.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockMixXor(ReadOnlySpan<Vector128<uint>> x, ReadOnlySpan<Vector128<uint>> v, Span<Vector128<uint>> output, int r)
    {
        unchecked
        {
            ref var first = ref MemoryMarshal.GetReference(x);
            ref var second = ref MemoryMarshal.GetReference(v);
            ref var target = ref MemoryMarshal.GetReference(output);
            var count = (nuint)(2 * r);
            var half = (nuint)r * 4;
            var last = (count * 4) - 4;
            var a = Unsafe.Add(ref first, last) ^ Unsafe.Add(ref second, last);
            var b = Unsafe.Add(ref first, last + 1) ^ Unsafe.Add(ref second, last + 1);
            var c = Unsafe.Add(ref first, last + 2) ^ Unsafe.Add(ref second, last + 2);
            var d = Unsafe.Add(ref first, last + 3) ^ Unsafe.Add(ref second, last + 3);
            for (nuint i = 0; i < count; i++)
            {
                var k = i * 4;
                a ^= Unsafe.Add(ref first, k) ^ Unsafe.Add(ref second, k);
                b ^= Unsafe.Add(ref first, k + 1) ^ Unsafe.Add(ref second, k + 1);
                c ^= Unsafe.Add(ref first, k + 2) ^ Unsafe.Add(ref second, k + 2);
                d ^= Unsafe.Add(ref first, k + 3) ^ Unsafe.Add(ref second, k + 3);
                Salsa208(ref a, ref b, ref c, ref d);
                ref var destination = ref Unsafe.Add(ref target, ((i & 1) * half) + ((i >> 1) * 4));
                destination = a;
                Unsafe.Add(ref destination, 1) = b;
                Unsafe.Add(ref destination, 2) = c;
                Unsafe.Add(ref destination, 3) = d;
            }
        }
    }

    // The Salsa20/8 core on one block in diagonal order: 4 double rounds, then add the input.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Salsa208(ref Vector128<uint> a, ref Vector128<uint> b, ref Vector128<uint> c, ref Vector128<uint> d)
    {
        var x0 = a;
        var x1 = b;
        var x2 = c;
        var x3 = d;
        for (var round = 0; round < 4; round++)
        {
            // Column round: lane i of (x0, x1, x2, x3) is column i, starting on the diagonal.
            x1 ^= Rotate7(x0 + x3);
            x2 ^= Rotate9(x1 + x0);
            x3 ^= Rotate13(x2 + x1);
            x0 ^= Rotate18(x3 + x2);

            // Row round: rotate lanes so that lane i of (x0, t1, t2, t3) is row i, then rotate back.
            var t1 = Vector128.Shuffle(x3, Vector128.Create(1u, 2u, 3u, 0u));
            var t2 = Vector128.Shuffle(x2, Vector128.Create(2u, 3u, 0u, 1u));
            var t3 = Vector128.Shuffle(x1, Vector128.Create(3u, 0u, 1u, 2u));
            t1 ^= Rotate7(x0 + t3);
            t2 ^= Rotate9(t1 + x0);
            t3 ^= Rotate13(t2 + t1);
            x0 ^= Rotate18(t3 + t2);
            x3 = Vector128.Shuffle(t1, Vector128.Create(3u, 0u, 1u, 2u));
            x2 = Vector128.Shuffle(t2, Vector128.Create(2u, 3u, 0u, 1u));
            x1 = Vector128.Shuffle(t3, Vector128.Create(1u, 2u, 3u, 0u));
        }

        a += x0;
        b += x1;
        c += x2;
        d += x3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rotate7(Vector128<uint> value) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(value, 7) : (value << 7) | (value >>> 25);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rotate9(Vector128<uint> value) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(value, 9) : (value << 9) | (value >>> 23);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rotate13(Vector128<uint> value) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(value, 13) : (value << 13) | (value >>> 19);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rotate18(Vector128<uint> value) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(value, 18) : (value << 18) | (value >>> 14);

    // Little-endian words of each 64-byte block into diagonal order.
    internal static void Load(ReadOnlySpan<byte> block, Span<Vector128<uint>> vectors)
    {
        for (var k = 0; k < block.Length / 64; k++)
        {
            var w = block.Slice(k * 64, 64);
            vectors[k * 4] = Vector128.Create(Word(w, 0), Word(w, 5), Word(w, 10), Word(w, 15));
            vectors[(k * 4) + 1] = Vector128.Create(Word(w, 4), Word(w, 9), Word(w, 14), Word(w, 3));
            vectors[(k * 4) + 2] = Vector128.Create(Word(w, 8), Word(w, 13), Word(w, 2), Word(w, 7));
            vectors[(k * 4) + 3] = Vector128.Create(Word(w, 12), Word(w, 1), Word(w, 6), Word(w, 11));
        }
    }

    internal static void Store(ReadOnlySpan<Vector128<uint>> vectors, Span<byte> block)
    {
        ReadOnlySpan<int> order = [0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11];
        for (var k = 0; k < block.Length / 64; k++)
        {
            var w = block.Slice(k * 64, 64);
            for (var position = 0; position < 16; position++)
            {
                var value = vectors[(k * 4) + (position / 4)].GetElement(position % 4);
                BinaryPrimitives.WriteUInt32LittleEndian(w[(order[position] * 4)..], value);
            }
        }
    }

    private static uint Word(ReadOnlySpan<byte> block, int index) =>
        BinaryPrimitives.ReadUInt32LittleEndian(block[(index * 4)..]);
}
