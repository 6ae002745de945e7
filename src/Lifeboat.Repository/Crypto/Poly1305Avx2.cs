using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lifeboat.Repository.Crypto;

/// <summary>
/// The bulk of Poly1305 four blocks at a time with AVX2: each of four lanes runs Horner's rule with
/// r^4 over every fourth block, and the last step multiplies the lanes by r^4, r^3, r^2 and r instead,
/// so that their sum is exactly what the one-block-at-a-time rule gives. Numbers are five 26-bit limbs
/// per 64-bit lane, so that one vpmuludq (32x32->64 bits) makes four limb products.
/// </summary>
/// <remarks>
/// Bounds: powers of r are fully carried (limbs below 2^26, 5 times them below 2^29); accumulator limbs
/// after a carry step are below 2^27, plus a message limb below 2^28. A product is below 2^57 and a
/// column of five below 2^60, inside a 64-bit lane.
/// </remarks>
internal static class Poly1305Avx2
{
    /// <summary>Bytes per step: four blocks.</summary>
    public const int StepSize = 64;

    /// <summary>Below this, computing r^3 and r^4 and the final combination cost more than they save.</summary>
    public const int MinimumLength = 256;

    private const ulong Mask26 = (1UL << 26) - 1;

    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>
    /// Absorbs <paramref name="data"/> (a multiple of 64 bytes) into h, given in and returned as
    /// radix-2^44 limbs like <see cref="Poly1305State"/> keeps them; r and r^2 are given in that form too.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Absorb(
        ref ulong h0, ref ulong h1, ref ulong h2,
        ulong r0, ulong r1, ulong r2,
        ulong k0, ulong k1, ulong k2,
        ReadOnlySpan<byte> data)
    {
        // Powers of r, fully carried, then split into 26-bit limbs.
        var (p3a, p3b, p3c) = (k0, k1, k2);
        Poly1305State.MultiplyByR(ref p3a, ref p3b, ref p3c, r0, r1, r2);
        var (p4a, p4b, p4c) = (k0, k1, k2);
        Poly1305State.MultiplyByR(ref p4a, ref p4b, ref p4c, k0, k1, k2);
        Span<ulong> p1 = stackalloc ulong[5];
        Span<ulong> p2 = stackalloc ulong[5];
        Span<ulong> p3 = stackalloc ulong[5];
        Span<ulong> p4 = stackalloc ulong[5];
        Span<ulong> hLimbs = stackalloc ulong[5];
        ToRadix26(r0, r1, r2, p1);
        ToRadix26(k0, k1, k2, p2);
        ToRadix26(p3a, p3b, p3c, p3);
        ToRadix26(p4a, p4b, p4c, p4);
        ToRadix26(h0, h1, h2, hLimbs);

        // r^4 in every lane for the steps; (r^4, r^2, r^3, r) for the last one, matching the lane
        // order the unpacking below produces: blocks 0, 2, 1, 3 of each group of four.
        var step = new Multiplier(
            Vector256.Create(p4[0]), Vector256.Create(p4[1]), Vector256.Create(p4[2]), Vector256.Create(p4[3]), Vector256.Create(p4[4]));
        var last = new Multiplier(
            Vector256.Create(p4[0], p2[0], p3[0], p1[0]),
            Vector256.Create(p4[1], p2[1], p3[1], p1[1]),
            Vector256.Create(p4[2], p2[2], p3[2], p1[2]),
            Vector256.Create(p4[3], p2[3], p3[3], p1[3]),
            Vector256.Create(p4[4], p2[4], p3[4], p1[4]));

        // The running h joins the first block (lane 0).
        var a0 = Vector256.Create(hLimbs[0], 0, 0, 0);
        var a1 = Vector256.Create(hLimbs[1], 0, 0, 0);
        var a2 = Vector256.Create(hLimbs[2], 0, 0, 0);
        var a3 = Vector256.Create(hLimbs[3], 0, 0, 0);
        var a4 = Vector256.Create(hLimbs[4], 0, 0, 0);
        var mask = Vector256.Create(Mask26);
        var highBit = Vector256.Create(1UL << 24); // 2^128 in the top limb (2^(104 + 24))

        ref var start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(data);
        var length = (nuint)data.Length;
        for (nuint offset = 0; offset < length; offset += StepSize)
        {
            var x = Vector256.LoadUnsafe(ref start, offset).AsUInt64();
            var y = Vector256.LoadUnsafe(ref start, offset + 32).AsUInt64();
            var t0 = Avx2.UnpackLow(x, y); // low halves of blocks 0, 2, 1, 3
            var t1 = Avx2.UnpackHigh(x, y); // high halves
            a0 += t0 & mask;
            a1 += (t0 >>> 26) & mask;
            a2 += ((t0 >>> 52) | (t1 << 12)) & mask;
            a3 += (t1 >>> 14) & mask;
            a4 += (t1 >>> 40) | highBit;

            var multiplier = offset + StepSize < length ? step : last;
            Multiply(ref a0, ref a1, ref a2, ref a3, ref a4, multiplier, mask);
        }

        // Sum the lanes, carry, and return to radix 2^44.
        var l0 = Vector256.Sum(a0);
        var l1 = Vector256.Sum(a1);
        var l2 = Vector256.Sum(a2);
        var l3 = Vector256.Sum(a3);
        var l4 = Vector256.Sum(a4);
        unchecked
        {
            for (var pass = 0; pass < 2; pass++)
            {
                l1 += l0 >> 26;
                l0 &= Mask26;
                l2 += l1 >> 26;
                l1 &= Mask26;
                l3 += l2 >> 26;
                l2 &= Mask26;
                l4 += l3 >> 26;
                l3 &= Mask26;
                l0 += (l4 >> 26) * 5;
                l4 &= Mask26;
            }

            l1 += l0 >> 26;
            l0 &= Mask26;
            h0 = l0 + ((l1 & ((1UL << 18) - 1)) << 26);
            h1 = (l1 >> 18) + (l2 << 8) + ((l3 & ((1UL << 10) - 1)) << 34);
            h2 = (l3 >> 10) + (l4 << 16);
        }
    }

    // a = a * multiplier (mod p), partly reduced: limbs below 2^26 except a1, below 2^27.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Multiply(
        ref Vector256<ulong> a0, ref Vector256<ulong> a1, ref Vector256<ulong> a2, ref Vector256<ulong> a3, ref Vector256<ulong> a4,
        in Multiplier m, Vector256<ulong> mask)
    {
        var d0 = Mul(a0, m.R0) + Mul(a1, m.S4) + Mul(a2, m.S3) + Mul(a3, m.S2) + Mul(a4, m.S1);
        var d1 = Mul(a0, m.R1) + Mul(a1, m.R0) + Mul(a2, m.S4) + Mul(a3, m.S3) + Mul(a4, m.S2);
        var d2 = Mul(a0, m.R2) + Mul(a1, m.R1) + Mul(a2, m.R0) + Mul(a3, m.S4) + Mul(a4, m.S3);
        var d3 = Mul(a0, m.R3) + Mul(a1, m.R2) + Mul(a2, m.R1) + Mul(a3, m.R0) + Mul(a4, m.S4);
        var d4 = Mul(a0, m.R4) + Mul(a1, m.R3) + Mul(a2, m.R2) + Mul(a3, m.R1) + Mul(a4, m.R0);

        d1 += d0 >>> 26;
        d2 += d1 >>> 26;
        d3 += d2 >>> 26;
        d4 += d3 >>> 26;
        var c = d4 >>> 26;
        var h0 = (d0 & mask) + c + (c << 2); // times 5
        a1 = (d1 & mask) + (h0 >>> 26);
        a0 = h0 & mask;
        a2 = d2 & mask;
        a3 = d3 & mask;
        a4 = d4 & mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Mul(Vector256<ulong> left, Vector256<ulong> right) =>
        Avx2.Multiply(left.AsUInt32(), right.AsUInt32());

    // A fully carried number below 2^130 as five 26-bit limbs.
    private static void ToRadix26(ulong h0, ulong h1, ulong h2, Span<ulong> limbs)
    {
        Poly1305State.CarryFully(ref h0, ref h1, ref h2);
        limbs[0] = h0 & Mask26;
        limbs[1] = (h0 >> 26) | ((h1 & ((1UL << 8) - 1)) << 18);
        limbs[2] = (h1 >> 8) & Mask26;
        limbs[3] = (h1 >> 34) | ((h2 & ((1UL << 16) - 1)) << 10);
        limbs[4] = h2 >> 16;
    }

    private readonly struct Multiplier(
        Vector256<ulong> r0, Vector256<ulong> r1, Vector256<ulong> r2, Vector256<ulong> r3, Vector256<ulong> r4)
    {
        public Vector256<ulong> R0 { get; } = r0;

        public Vector256<ulong> R1 { get; } = r1;

        public Vector256<ulong> R2 { get; } = r2;

        public Vector256<ulong> R3 { get; } = r3;

        public Vector256<ulong> R4 { get; } = r4;

        public Vector256<ulong> S1 { get; } = r1 * 5;

        public Vector256<ulong> S2 { get; } = r2 * 5;

        public Vector256<ulong> S3 { get; } = r3 * 5;

        public Vector256<ulong> S4 { get; } = r4 * 5;
    }
}
