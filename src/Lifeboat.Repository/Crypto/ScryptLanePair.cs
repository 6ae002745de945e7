using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lifeboat.Repository.Crypto;

/// <summary>
/// ROMix of two scrypt lanes at once with AVX2: the low 128 bits of every vector belong to the first
/// lane, the high 128 bits to the second, each in the diagonal order of <see cref="ScryptLane"/>.
/// Every instruction of the Salsa20/8 chain then serves both lanes; only the random reads of V differ
/// (each lane picks its own j), and are merged with a blend.
/// </summary>
internal static class ScryptLanePair
{
    public static bool IsSupported => Avx2.IsSupported;

    /// <param name="first">The first lane's 128 r bytes, mixed in place.</param>
    /// <param name="second">The second lane's.</param>
    /// <param name="n">scrypt's N.</param>
    /// <param name="r">scrypt's r.</param>
    /// <param name="v">N * 8 r vectors of working memory.</param>
    /// <param name="x">8 r vectors.</param>
    /// <param name="y">8 r vectors.</param>
    public static void RoMix(
        Span<byte> first, Span<byte> second, int n, int r, Span<Vector256<uint>> v, Span<Vector256<uint>> x, Span<Vector256<uint>> y)
    {
        var blockVectors = 8 * r;

        // Y (8r 256-bit vectors) is free before the first BlockMix and after the last swap: it
        // holds each lane's 8r 128-bit vectors on their way in and out (r may be too big for the stack).
        var half = MemoryMarshal.Cast<Vector256<uint>, Vector128<uint>>(y)[..blockVectors];

        // Interleave the two lanes into V[0].
        ScryptLane.Load(first, half);
        for (var k = 0; k < blockVectors; k++)
        {
            v[k] = Vector256.Create(half[k], default);
        }

        ScryptLane.Load(second, half);
        for (var k = 0; k < blockVectors; k++)
        {
            v[k] = v[k].WithUpper(half[k]);
        }

        for (var i = 0; i < n - 1; i++)
        {
            BlockMix(v.Slice(i * blockVectors, blockVectors), v.Slice((i + 1) * blockVectors, blockVectors), r);
        }

        BlockMix(v.Slice((n - 1) * blockVectors, blockVectors), x, r);

        var mask = (uint)(n - 1);
        var last = (2 * r - 1) * 4;
        for (var i = 0; i < n; i++)
        {
            var j0 = (int)(x[last].GetElement(0) & mask);
            var j1 = (int)(x[last].GetElement(4) & mask);
            BlockMixXor(x, v.Slice(j0 * blockVectors, blockVectors), v.Slice(j1 * blockVectors, blockVectors), y, r);
            var swap = x;
            x = y;
            y = swap;
        }

        half = MemoryMarshal.Cast<Vector256<uint>, Vector128<uint>>(y)[..blockVectors];
        for (var k = 0; k < blockVectors; k++)
        {
            half[k] = x[k].GetLower();
        }

        ScryptLane.Store(half, first);
        for (var k = 0; k < blockVectors; k++)
        {
            half[k] = x[k].GetUpper();
        }

        ScryptLane.Store(half, second);
        half.Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockMix(ReadOnlySpan<Vector256<uint>> input, Span<Vector256<uint>> output, int r)
    {
        unchecked
        {
            ref var source = ref MemoryMarshal.GetReference(input);
            ref var target = ref MemoryMarshal.GetReference(output);
            var count = (nuint)(2 * r);
            var halfBlocks = (nuint)r * 4;
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
                ref var destination = ref Unsafe.Add(ref target, ((i & 1) * halfBlocks) + ((i >> 1) * 4));
                destination = a;
                Unsafe.Add(ref destination, 1) = b;
                Unsafe.Add(ref destination, 2) = c;
                Unsafe.Add(ref destination, 3) = d;
            }
        }
    }

    // Y = BlockMix(X xor V'), where V' takes its low halves from row j0 and its high halves from row j1.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockMixXor(
        ReadOnlySpan<Vector256<uint>> x, ReadOnlySpan<Vector256<uint>> v0, ReadOnlySpan<Vector256<uint>> v1, Span<Vector256<uint>> output, int r)
    {
        unchecked
        {
            ref var source = ref MemoryMarshal.GetReference(x);
            ref var low = ref MemoryMarshal.GetReference(v0);
            ref var high = ref MemoryMarshal.GetReference(v1);
            ref var target = ref MemoryMarshal.GetReference(output);
            var count = (nuint)(2 * r);
            var halfBlocks = (nuint)r * 4;
            var last = (count * 4) - 4;
            var a = Unsafe.Add(ref source, last) ^ Row(ref low, ref high, last);
            var b = Unsafe.Add(ref source, last + 1) ^ Row(ref low, ref high, last + 1);
            var c = Unsafe.Add(ref source, last + 2) ^ Row(ref low, ref high, last + 2);
            var d = Unsafe.Add(ref source, last + 3) ^ Row(ref low, ref high, last + 3);
            for (nuint i = 0; i < count; i++)
            {
                var k = i * 4;
                a ^= Unsafe.Add(ref source, k) ^ Row(ref low, ref high, k);
                b ^= Unsafe.Add(ref source, k + 1) ^ Row(ref low, ref high, k + 1);
                c ^= Unsafe.Add(ref source, k + 2) ^ Row(ref low, ref high, k + 2);
                d ^= Unsafe.Add(ref source, k + 3) ^ Row(ref low, ref high, k + 3);
                Salsa208(ref a, ref b, ref c, ref d);
                ref var destination = ref Unsafe.Add(ref target, ((i & 1) * halfBlocks) + ((i >> 1) * 4));
                destination = a;
                Unsafe.Add(ref destination, 1) = b;
                Unsafe.Add(ref destination, 2) = c;
                Unsafe.Add(ref destination, 3) = d;
            }
        }
    }

    // Low 128 bits from the first lane's row, high 128 bits from the second lane's.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Row(ref Vector256<uint> low, ref Vector256<uint> high, nuint index) =>
        Avx2.Blend(Unsafe.Add(ref low, index), Unsafe.Add(ref high, index), 0b1111_0000);

    // Salsa20/8 on two blocks in diagonal order (see ScryptLane); vpshufd permutes within each 128-bit half.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Salsa208(ref Vector256<uint> a, ref Vector256<uint> b, ref Vector256<uint> c, ref Vector256<uint> d)
    {
        const byte rotate1 = 0b00_11_10_01; // lanes (1, 2, 3, 0)
        const byte rotate2 = 0b01_00_11_10; // lanes (2, 3, 0, 1)
        const byte rotate3 = 0b10_01_00_11; // lanes (3, 0, 1, 2)
        var x0 = a;
        var x1 = b;
        var x2 = c;
        var x3 = d;
        for (var round = 0; round < 4; round++)
        {
            x1 ^= Rotate(x0 + x3, 7);
            x2 ^= Rotate(x1 + x0, 9);
            x3 ^= Rotate(x2 + x1, 13);
            x0 ^= Rotate(x3 + x2, 18);

            var t1 = Avx2.Shuffle(x3, rotate1);
            var t2 = Avx2.Shuffle(x2, rotate2);
            var t3 = Avx2.Shuffle(x1, rotate3);
            t1 ^= Rotate(x0 + t3, 7);
            t2 ^= Rotate(t1 + x0, 9);
            t3 ^= Rotate(t2 + t1, 13);
            x0 ^= Rotate(t3 + t2, 18);
            x3 = Avx2.Shuffle(t1, rotate3);
            x2 = Avx2.Shuffle(t2, rotate2);
            x1 = Avx2.Shuffle(t3, rotate1);
        }

        a += x0;
        b += x1;
        c += x2;
        d += x3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotate(Vector256<uint> value, [ConstantExpected(Min = 1, Max = 31)] byte count) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(value, count) : (value << count) | (value >>> (32 - count));
}
