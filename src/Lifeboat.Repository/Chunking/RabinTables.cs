using System.Collections.Concurrent;

namespace Lifeboat.Repository.Chunking;

/// <summary>
/// Lookup tables of the rolling Rabin fingerprint for one polynomial P of degree k, computed once
/// per polynomial and shared (read-only) by every chunker that uses it.
/// </summary>
/// <remarks>
/// The fingerprint of a window w_1..w_64 is <c>sum(w_j * x^(8 * (64 - j))) mod P</c>, a value below
/// 2^k. Appending a byte multiplies by x^8 and adds the byte; the 8 bits that rise above bit k-1 are
/// folded back with <see cref="Reduce8"/>. The byte that leaves the window contributes
/// <c>o * x^512 mod P</c> (<see cref="Out1"/>) once the new byte is in. All tables are linear in their
/// index, which lets the chunker combine them freely.
/// </remarks>
internal sealed class RabinTables
{
    public const int WindowSize = 64;

    private static readonly ConcurrentDictionary<Polynomial, RabinTables> Cache = new();

    private RabinTables(Polynomial polynomial)
    {
        var degree = polynomial.Degree;
        Degree = degree;
        Reduce8 = new ulong[256];
        Reduce16 = new ulong[256];
        Out1 = new ulong[256];
        Out2 = new ulong[256];

        var xk = XPower(degree, polynomial);
        var xk8 = XPower(degree + 8, polynomial);
        var x512 = XPower(8 * WindowSize, polynomial);
        var x520 = XPower(8 * (WindowSize + 1), polynomial);
        for (var b = 0; b < 256; b++)
        {
            var value = new Polynomial((ulong)b);

            // a * x^k mod P, plus a * x^k itself so that one XOR also clears the 8 bits above k - 1.
            Reduce8[b] = value.MulMod(xk, polynomial).Value | (value.Value << degree);

            // a * x^(k+8) mod P, plus the bits of a * x^(k+8) that fit in 64 bits (the rest are shifted out).
            Reduce16[b] = value.MulMod(xk8, polynomial).Value | (value.Value << (degree + 8));

            Out1[b] = value.MulMod(x512, polynomial).Value;
            Out2[b] = value.MulMod(x520, polynomial).Value;
        }
    }

    /// <summary>The degree k of the polynomial.</summary>
    public int Degree { get; }

    public ulong[] Reduce8 { get; }

    public ulong[] Reduce16 { get; }

    public ulong[] Out1 { get; }

    public ulong[] Out2 { get; }

    /// <summary>The tables for <paramref name="polynomial"/>, from the process-wide cache. Thread-safe.</summary>
    public static RabinTables For(Polynomial polynomial) => Cache.GetOrAdd(polynomial, static p => new RabinTables(p));

    // x^power mod P.
    private static Polynomial XPower(int power, Polynomial polynomial)
    {
        var x = new Polynomial(2);
        var result = new Polynomial(1).Mod(polynomial);
        for (var i = 0; i < power; i++)
        {
            result = result.MulMod(x, polynomial);
        }

        return result;
    }
}
