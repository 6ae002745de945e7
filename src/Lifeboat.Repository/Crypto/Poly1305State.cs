using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Lifeboat.Repository.Crypto;

/// <summary>
/// The running state of one Poly1305 computation (RFC 8439, section 2.5): h = (h + block) * r mod
/// p, p = 2^130 - 5, then tag = (h + s) mod 2^128. <see cref="Blocks"/> is the hot loop.
/// </summary>
/// <remarks>
/// <para>
/// Numbers mod p are three limbs of 44, 44 and 42 bits (radix 2^44). A limb product term at 2^132
/// or above folds back as 2^130 = 5 (mod p), so r1 and r2 are also kept premultiplied by 20
/// (5 * 2^2). Two blocks are absorbed per step as h = (h + m1) * r^2 + m2 * r, which halves the
/// length of the dependency chain between steps. Where AVX2 is available, runs of 256 bytes or more
/// go four blocks per step through <see cref="Poly1305Avx2"/> (about five times faster).
/// </para>
/// <para>
/// Bounds that keep every sum exact: r's limbs and those of r^2 (fully carried) are below 2^44 + 2^15,
/// so 20 times them is below 2^50; h's limbs after a step are below 2^44 + 2^15 (the last below 2^42),
/// so h + m has limbs below 2^45. Each product is then below 2^95 and a column of six below 2^98:
/// a column is a 128-bit sum of 64-bit halves, with the carry out of the low half counted.
/// </para>
/// </remarks>
internal struct Poly1305State
{
    public const int KeySize = 32;
    public const int BlockSize = 16;
    public const int TagSize = 16;

    private const ulong Mask44 = (1UL << 44) - 1;
    private const ulong Mask42 = (1UL << 42) - 1;
    private const ulong HighBit = 1UL << 40; // 2^128 in the top limb (2^(88 + 40))

    private readonly ulong _r0;
    private readonly ulong _r1;
    private readonly ulong _r2;
    private readonly ulong _k0; // r^2 mod p
    private readonly ulong _k1;
    private readonly ulong _k2;
    private readonly ulong _s0;
    private readonly ulong _s1;
    private ulong _h0;
    private ulong _h1;
    private ulong _h2;

    /// <summary>Starts a computation with the one-time key <c>r || s</c> (32 bytes); r is clamped here.</summary>
    public Poly1305State(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"a Poly1305 key has {KeySize} bytes, not {key.Length}", nameof(key));
        }

        var t0 = BinaryPrimitives.ReadUInt64LittleEndian(key) & 0x0FFFFFFC0FFFFFFFUL;
        var t1 = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]) & 0x0FFFFFFC0FFFFFFCUL;
        _r0 = t0 & Mask44;
        _r1 = ((t0 >> 44) | (t1 << 20)) & Mask44;
        _r2 = (t1 >> 24) & Mask42;
        _s0 = BinaryPrimitives.ReadUInt64LittleEndian(key[16..]);
        _s1 = BinaryPrimitives.ReadUInt64LittleEndian(key[24..]);

        var (k0, k1, k2) = (_r0, _r1, _r2);
        MultiplyByR(ref k0, ref k1, ref k2, _r0, _r1, _r2);
        (_k0, _k1, _k2) = (k0, k1, k2);
        _h0 = 0;
        _h1 = 0;
        _h2 = 0;
    }

    /// <summary>
    /// Absorbs the whole 16-byte blocks of <paramref name="data"/> and returns how many bytes that
    /// was; the caller keeps the remainder (fewer than 16 bytes) for <see cref="Finish"/> or a later call.
    /// </summary>
    public int Blocks(ReadOnlySpan<byte> data)
    {
        var whole = data.Length & ~(BlockSize - 1);
        var vectorBytes = 0;
        if (Poly1305Avx2.IsSupported && data.Length >= Poly1305Avx2.MinimumLength)
        {
            vectorBytes = data.Length & ~(Poly1305Avx2.StepSize - 1);
            var (h0, h1, h2) = (_h0, _h1, _h2);
            Poly1305Avx2.Absorb(ref h0, ref h1, ref h2, _r0, _r1, _r2, _k0, _k1, _k2, data[..vectorBytes]);
            (_h0, _h1, _h2) = (h0, h1, h2);
            data = data[vectorBytes..];
        }

        var pairs = data.Length & ~((2 * BlockSize) - 1);
        if (pairs > 0)
        {
            AbsorbPairs(ref MemoryMarshal.GetReference(data), (nuint)pairs);
        }

        if (whole > vectorBytes + pairs)
        {
            unchecked
            {
                var m0 = BinaryPrimitives.ReadUInt64LittleEndian(data[pairs..]);
                var m1 = BinaryPrimitives.ReadUInt64LittleEndian(data[(pairs + 8)..]);
                _h0 += m0 & Mask44;
                _h1 += ((m0 >> 44) | (m1 << 20)) & Mask44;
                _h2 += (m1 >> 24) | HighBit;
                MultiplyByR(ref _h0, ref _h1, ref _h2, _r0, _r1, _r2);
            }
        }

        return whole;
    }

    /// <summary>
    /// Absorbs the final <paramref name="tail"/> (0 to 15 bytes, padded with a 1 byte as the
    /// standard says) and writes the 16-byte tag. The state must not be used afterwards.
    /// </summary>
    public void Finish(ReadOnlySpan<byte> tail, Span<byte> tag)
    {
        if (tail.Length >= BlockSize)
        {
            throw new ArgumentException("the tail must be shorter than one block", nameof(tail));
        }

        if (tag.Length < TagSize)
        {
            throw new ArgumentException($"the tag needs {TagSize} bytes", nameof(tag));
        }

        unchecked
        {
            var (h0, h1, h2) = (_h0, _h1, _h2);
            if (!tail.IsEmpty)
            {
                Span<byte> last = stackalloc byte[BlockSize];
                last.Clear();
                tail.CopyTo(last);
                last[tail.Length] = 1; // the pad bit replaces the 2^128 bit of a whole block
                var m0 = BinaryPrimitives.ReadUInt64LittleEndian(last);
                var m1 = BinaryPrimitives.ReadUInt64LittleEndian(last[8..]);
                h0 += m0 & Mask44;
                h1 += ((m0 >> 44) | (m1 << 20)) & Mask44;
                h2 += m1 >> 24;
                MultiplyByR(ref h0, ref h1, ref h2, _r0, _r1, _r2);
            }

            CarryFully(ref h0, ref h1, ref h2);

            // h mod p: h - p = h + 5 - 2^130 when that is not negative; select without branching.
            var g0 = h0 + 5;
            var carry = g0 >> 44;
            g0 &= Mask44;
            var g1 = h1 + carry;
            carry = g1 >> 44;
            g1 &= Mask44;
            var g2 = h2 + carry - (1UL << 42);
            var useG = (g2 >> 63) - 1; // all ones when g2 did not borrow, that is h >= p
            h0 = (h0 & ~useG) | (g0 & useG);
            h1 = (h1 & ~useG) | (g1 & useG);
            h2 = (h2 & ~useG) | (g2 & useG);

            // tag = (h + s) mod 2^128
            var low = h0 | (h1 << 44);
            var high = (h1 >> 20) | (h2 << 24);
            var t0 = low + _s0;
            var t1 = high + _s1 + (t0 < low ? 1UL : 0UL);
            BinaryPrimitives.WriteUInt64LittleEndian(tag, t0);
            BinaryPrimitives.WriteUInt64LittleEndian(tag[8..], t1);
        }

        _h0 = _h1 = _h2 = 0;
    }

    // length is a multiple of 32. Locals are plain and the arithmetic is written out: with 15
    // values live across the loop, anything less direct makes the JIT spill to the stack.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AbsorbPairs(ref byte data, nuint length)
    {
        unchecked
        {
            var r0 = _r0;
            var r1 = _r1;
            var r2 = _r2;
            var k0 = _k0;
            var k1 = _k1;
            var k2 = _k2;
            var s1 = r1 * 20;
            var s2 = r2 * 20;
            var q1 = k1 * 20;
            var q2 = k2 * 20;
            var h0 = _h0;
            var h1 = _h1;
            var h2 = _h2;

            for (nuint offset = 0; offset < length; offset += 2 * BlockSize)
            {
                var m0 = ReadLittleEndian(ref Unsafe.Add(ref data, offset));
                var m1 = ReadLittleEndian(ref Unsafe.Add(ref data, offset + 8));
                var n0 = ReadLittleEndian(ref Unsafe.Add(ref data, offset + 16));
                var n1 = ReadLittleEndian(ref Unsafe.Add(ref data, offset + 24));

                // a = h + first block, b = second block; h = a * r^2 + b * r
                var a0 = h0 + (m0 & Mask44);
                var a1 = h1 + (((m0 >> 44) | (m1 << 20)) & Mask44);
                var a2 = h2 + ((m1 >> 24) | HighBit);
                var b0 = n0 & Mask44;
                var b1 = ((n0 >> 44) | (n1 << 20)) & Mask44;
                var b2 = (n1 >> 24) | HighBit;

                // Column 0 (2^0): low l0, high u0.
                var l0 = a0 * k0;
                var u0 = MultiplyHigh(a0, k0);
                var t = a1 * q2;
                l0 += t;
                u0 += MultiplyHigh(a1, q2) + (l0 < t ? 1UL : 0UL);
                t = a2 * q1;
                l0 += t;
                u0 += MultiplyHigh(a2, q1) + (l0 < t ? 1UL : 0UL);
                t = b0 * r0;
                l0 += t;
                u0 += MultiplyHigh(b0, r0) + (l0 < t ? 1UL : 0UL);
                t = b1 * s2;
                l0 += t;
                u0 += MultiplyHigh(b1, s2) + (l0 < t ? 1UL : 0UL);
                t = b2 * s1;
                l0 += t;
                u0 += MultiplyHigh(b2, s1) + (l0 < t ? 1UL : 0UL);

                // Column 1 (2^44).
                var l1 = a0 * k1;
                var u1 = MultiplyHigh(a0, k1);
                t = a1 * k0;
                l1 += t;
                u1 += MultiplyHigh(a1, k0) + (l1 < t ? 1UL : 0UL);
                t = a2 * q2;
                l1 += t;
                u1 += MultiplyHigh(a2, q2) + (l1 < t ? 1UL : 0UL);
                t = b0 * r1;
                l1 += t;
                u1 += MultiplyHigh(b0, r1) + (l1 < t ? 1UL : 0UL);
                t = b1 * r0;
                l1 += t;
                u1 += MultiplyHigh(b1, r0) + (l1 < t ? 1UL : 0UL);
                t = b2 * s2;
                l1 += t;
                u1 += MultiplyHigh(b2, s2) + (l1 < t ? 1UL : 0UL);

                // Column 2 (2^88).
                var l2 = a0 * k2;
                var u2 = MultiplyHigh(a0, k2);
                t = a1 * k1;
                l2 += t;
                u2 += MultiplyHigh(a1, k1) + (l2 < t ? 1UL : 0UL);
                t = a2 * k0;
                l2 += t;
                u2 += MultiplyHigh(a2, k0) + (l2 < t ? 1UL : 0UL);
                t = b0 * r2;
                l2 += t;
                u2 += MultiplyHigh(b0, r2) + (l2 < t ? 1UL : 0UL);
                t = b1 * r1;
                l2 += t;
                u2 += MultiplyHigh(b1, r1) + (l2 < t ? 1UL : 0UL);
                t = b2 * r0;
                l2 += t;
                u2 += MultiplyHigh(b2, r0) + (l2 < t ? 1UL : 0UL);

                // Carry into 44/44/42-bit limbs; what passes 2^130 comes back times 5.
                var c = (l0 >> 44) | (u0 << 20);
                h0 = l0 & Mask44;
                l1 += c;
                u1 += l1 < c ? 1UL : 0UL;
                c = (l1 >> 44) | (u1 << 20);
                h1 = l1 & Mask44;
                l2 += c;
                u2 += l2 < c ? 1UL : 0UL;
                c = (l2 >> 42) | (u2 << 22);
                h2 = l2 & Mask42;
                h0 += c * 5;
                c = h0 >> 44;
                h0 &= Mask44;
                h1 += c;
            }

            _h0 = h0;
            _h1 = h1;
            _h2 = h2;
        }
    }

    // h = h * r (mod p, partly reduced), for the odd block, the padded tail, and powers of r.
    internal static void MultiplyByR(ref ulong h0, ref ulong h1, ref ulong h2, ulong r0, ulong r1, ulong r2)
    {
        unchecked
        {
            var s1 = r1 * 20;
            var s2 = r2 * 20;
            var (d0Low, d0High) = Column(h0, r0, h1, s2, h2, s1);
            var (d1Low, d1High) = Column(h0, r1, h1, r0, h2, s2);
            var (d2Low, d2High) = Column(h0, r2, h1, r1, h2, r0);
            Carry(d0Low, d0High, d1Low, d1High, d2Low, d2High, out h0, out h1, out h2);
        }
    }

    private static (ulong Low, ulong High) Column(ulong a, ulong b, ulong c, ulong d, ulong e, ulong f)
    {
        unchecked
        {
            var lo = a * b;
            var hi = MultiplyHigh(a, b);
            var product = c * d;
            lo += product;
            hi += MultiplyHigh(c, d) + (lo < product ? 1UL : 0UL);
            product = e * f;
            lo += product;
            hi += MultiplyHigh(e, f) + (lo < product ? 1UL : 0UL);
            return (lo, hi);
        }
    }

    /// <summary>Carries twice around, so that h0, h1 are below 2^44, h2 below 2^42, and h below 2^130.</summary>
    internal static void CarryFully(ref ulong h0, ref ulong h1, ref ulong h2)
    {
        unchecked
        {
            for (var pass = 0; pass < 2; pass++)
            {
                var c = h1 >> 44;
                h1 &= Mask44;
                h2 += c;
                c = h2 >> 42;
                h2 &= Mask42;
                h0 += c * 5;
                c = h0 >> 44;
                h0 &= Mask44;
                h1 += c;
            }
        }
    }

    // Splits the three columns back into 44/44/42-bit limbs; what passes 2^130 comes back times 5.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Carry(
        ulong d0Low, ulong d0High, ulong d1Low, ulong d1High, ulong d2Low, ulong d2High,
        out ulong h0, out ulong h1, out ulong h2)
    {
        unchecked
        {
            var c = (d0Low >> 44) | (d0High << 20);
            h0 = d0Low & Mask44;
            d1Low += c;
            d1High += d1Low < c ? 1UL : 0UL;
            c = (d1Low >> 44) | (d1High << 20);
            h1 = d1Low & Mask44;
            d2Low += c;
            d2High += d2Low < c ? 1UL : 0UL;
            c = (d2Low >> 42) | (d2High << 22);
            h2 = d2Low & Mask42;
            h0 += c * 5;
            c = h0 >> 44;
            h0 &= Mask44;
            h1 += c;
        }
    }

    // The high half of a 64x64-bit product. Math.BigMul's "out low" goes through memory; computing
    // the low half with a plain multiplication and the high half alone keeps both in registers.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MultiplyHigh(ulong left, ulong right)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.MultiplyNoFlags(left, right);
        }

        if (ArmBase.Arm64.IsSupported)
        {
            return ArmBase.Arm64.MultiplyHigh(left, right);
        }

        return Math.BigMul(left, right, out _);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadLittleEndian(ref byte source)
    {
        var value = Unsafe.ReadUnaligned<ulong>(ref source);
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }
}
