using System.Collections.Concurrent;

namespace Lifeboat.Repository.Chunking;

/// <summary>
/// Lookup tables of the rolling Rabin fingerprint for one polynomial P of degree k, computed once
/// per polynomial and shared (read-only) by every chunker that uses it.
/// </summary>
/// <remarks>
/// <para>
/// The fingerprint of a window w_1..w_64 is <c>sum(w_j * x^(8 * (64 - j))) mod P</c>, a value below
/// 2^k. Appending a byte multiplies by x^8 and adds the byte; the 8 bits that rise above bit k-1 are
/// folded back with <see cref="Reduce8"/>. The byte o that leaves the window contributes
/// <c>o * x^512 mod P</c> (<see cref="Out1"/>) once the new byte is in. Every table is linear in its
/// index, which lets the chunker combine them freely (two bytes per step with <see cref="Reduce16"/>
/// and <see cref="Out2"/>).
/// </para>
/// <para>
/// The four tables of 256 entries lie one after the other in <see cref="Table"/> so that the hot
/// loop needs one base register for all of them.
/// </para>
/// </remarks>
internal sealed class RabinTables
{
    public const int WindowSize = 64;

    /// <summary>Offset of <c>a * x^k mod P | a * x^k</c>: one XOR reduces the 8 bits above bit k-1.</summary>
    public const int Reduce8 = 0;

    /// <summary>Offset of <c>a * x^(k+8) mod P | (a * x^(k+8) truncated to 64 bits)</c>; used when k is 16 or more.</summary>
    public const int Reduce16 = 256;

    /// <summary>Offset of <c>o * x^512 mod P</c>: a byte leaving the window as one enters.</summary>
    public const int Out1 = 512;

    /// <summary>Offset of <c>o * x^520 mod P</c>: a byte leaving the window, one byte before the last.</summary>
    public const int Out2 = 768;

    private static readonly ConcurrentDictionary<Polynomial, RabinTables> Cache = new();

    private RabinTables(Polynomial polynomial)
    {
        var degree = polynomial.Degree;
        Degree = degree;
        Table = new ulong[4 * 256];

        var xk = XPower(degree, polynomial);
        var xk8 = XPower(degree + 8, polynomial);
        var x512 = XPower(8 * WindowSize, polynomial);
        var x520 = XPower(8 * (WindowSize + 1), polynomial);
        for (var b = 0; b < 256; b++)
        {
            var value = new Polynomial((ulong)b);
            Table[Reduce8 + b] = value.MulMod(xk, polynomial).Value | (value.Value << degree);
            Table[Reduce16 + b] = value.MulMod(xk8, polynomial).Value | (value.Value << (degree + 8));
            Table[Out1 + b] = value.MulMod(x512, polynomial).Value;
            Table[Out2 + b] = value.MulMod(x520, polynomial).Value;
        }
    }

    /// <summary>The degree k of the polynomial.</summary>
    public int Degree { get; }

    /// <summary>The four tables, at <see cref="Reduce8"/>, <see cref="Reduce16"/>, <see cref="Out1"/> and <see cref="Out2"/>.</summary>
    public ulong[] Table { get; }

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
