using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lifeboat.Repository.Chunking;

/// <summary>
/// Restic's content-defined chunker (github.com/restic/chunker 0.4, as in restic 0.14 and later): a
/// Rabin fingerprint over a 64-byte window with the repository's polynomial; a chunk ends after the
/// byte whose fingerprint has its lowest 20 bits zero, but never before <see cref="MinSize"/> bytes,
/// and always at <see cref="MaxSize"/> bytes. Same polynomial, same bytes: same boundaries as restic.
/// </summary>
/// <remarks>
/// <para>
/// The chunker only finds boundaries; it neither reads nor keeps data. The caller feeds the bytes of
/// one file in order, in buffers of any size (the boundaries do not depend on how the input is
/// split), and collects the bytes of the current chunk itself:
/// </para>
/// <code>
/// chunker.Reset();                      // a new file
/// while (buffer has bytes) {
///     var n = chunker.FindBoundary(buffer, out var isBoundary);
///     append buffer[..n] to the current chunk; buffer = buffer[n..];
///     if (isBoundary) emit the chunk;   // the chunker is already set for the next one
/// }
/// at end of file, emit the current chunk if it is not empty;
/// </code>
/// <para>
/// An instance is not thread-safe: use one per file being chunked (one per thread). Instances are
/// cheap; the lookup tables are computed once per polynomial and shared. No method allocates.
/// </para>
/// </remarks>
public sealed class Chunker
{
    /// <summary>The smallest chunk, except for the last one of a file.</summary>
    public const int MinSize = 512 * 1024;

    /// <summary>The largest chunk.</summary>
    public const int MaxSize = 8 * 1024 * 1024;

    /// <summary>A chunk ends where the fingerprint has these bits zero (about 1 MiB apart on average).</summary>
    public const ulong SplitMask = (1UL << 20) - 1;

    private const int WindowSize = RabinTables.WindowSize;

    // The first bytes of a chunk are not fingerprinted: only the last 64 before MinSize count.
    private const int SkipSize = MinSize - WindowSize;

    private readonly RabinTables _tables;
    private readonly int _shift;

    // The last 64 fingerprinted bytes of the current chunk, oldest first.
    private readonly byte[] _window = new byte[WindowSize];
    private ulong _digest;
    private int _count;

    /// <summary>A chunker for the repository polynomial <paramref name="polynomial"/>.</summary>
    /// <remarks>Whether the polynomial is irreducible is for the caller to check (restic refuses a config whose is not).</remarks>
    /// <exception cref="ArgumentException">The degree of the polynomial is not between 8 and 53 (restic's are 53).</exception>
    public Chunker(Polynomial polynomial)
    {
        var degree = polynomial.Degree;
        if (degree is < 8 or > 53)
        {
            throw new ArgumentException(
                $"chunker polynomial {polynomial} has degree {degree}; restic's chunker needs 8 to 53",
                nameof(polynomial));
        }

        Polynomial = polynomial;
        _tables = RabinTables.For(polynomial);
        _shift = degree - 8;
        Reset();
    }

    public Polynomial Polynomial { get; }

    /// <summary>Bytes consumed since the current chunk started.</summary>
    public int CurrentLength => _count;

    /// <summary>Starts a new chunk, forgetting the bytes of the current one: call it at the start of each file.</summary>
    public void Reset()
    {
        // Restic's initial state: a window of 63 zero bytes and a one, whose fingerprint is 1. The
        // window is refilled before any boundary can be reported, so this never shows in the output.
        Array.Clear(_window);
        _window[WindowSize - 1] = 1;
        _digest = 1;
        _count = 0;
    }

    /// <summary>
    /// Consumes bytes of the current chunk from the start of <paramref name="data"/>, up to and
    /// including the last byte of the chunk if its end is in <paramref name="data"/>.
    /// </summary>
    /// <param name="data">The next bytes of the file.</param>
    /// <param name="isBoundary">
    /// True when the chunk ends after the consumed bytes; the chunker is then set for the next chunk.
    /// False when all of <paramref name="data"/> was consumed and the chunk goes on.
    /// </param>
    /// <returns>How many bytes of <paramref name="data"/> belong to the current chunk.</returns>
    public int FindBoundary(ReadOnlySpan<byte> data, out bool isBoundary)
    {
        var length = data.Length;
        var start = 0;
        if (_count < SkipSize)
        {
            start = Math.Min(SkipSize - _count, length);
            _count += start;
            if (start == length)
            {
                isBoundary = false;
                return length;
            }
        }

        // Fingerprint data[start..end]; at end the chunk reaches MaxSize if end < length.
        var end = start + Math.Min(length - start, MaxSize - _count);
        var cut = Scan(data, start, end);
        if (cut < 0 && end - start == MaxSize - _count)
        {
            cut = end;
        }

        if (cut >= 0)
        {
            Reset();
            isBoundary = true;
            return cut;
        }

        SaveWindow(data[start..end]);
        _count += end - start;
        isBoundary = false;
        return length;
    }

    // Returns the index just after the byte that ends the chunk, or -1 (and updates _digest).
    // The hot loops are compiled fully optimized at once rather than through tiering, whose on-stack
    // replacement version of a loop entered a few hundred times keeps values on the stack.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Scan(ReadOnlySpan<byte> data, int start, int end)
    {
        unchecked
        {
            ref var input = ref MemoryMarshal.GetReference(data);
            ref var window = ref MemoryMarshal.GetArrayDataReference(_window);
            ref var table = ref MemoryMarshal.GetArrayDataReference(_tables.Table);
            var shift = _shift;
            var digest = _digest;

            // While the window still holds bytes from before this call, the outgoing byte comes from it.
            // A boundary is possible here only once MinSize bytes have been consumed.
            var prologueEnd = Math.Min(end, start + WindowSize);
            var countBase = _count - start;
            nint i = start;
            for (; i < prologueEnd; i++)
            {
                digest = Step(ref table, digest, shift, Unsafe.Add(ref input, i), Unsafe.Add(ref window, i - start));
                if ((digest & SplitMask) == 0 && countBase + i + 1 >= MinSize)
                {
                    return (int)i + 1;
                }
            }

            // From here the outgoing byte is in data, and at least MinSize bytes have been consumed.
            var found = ScanBody(ref input, i, end, ref table, ref digest, shift);
            _digest = digest;
            return found;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScanBody(ref byte input, nint i, nint end, ref ulong table, ref ulong digest, int shift)
    {
        unchecked
        {
            var shift16 = shift - 8;
            var d = digest;
            if (shift16 < 0)
            {
                // A polynomial of degree below 16 (never chosen by restic): one byte per step.
                for (; i < end; i++)
                {
                    d = Step(ref table, d, shift, Unsafe.Add(ref input, i), Unsafe.Add(ref input, i - WindowSize));
                    if ((d & SplitMask) == 0)
                    {
                        digest = d;
                        return (int)i + 1;
                    }
                }

                digest = d;
                return -1;
            }

            // Two bytes per step: the next-but-one fingerprint comes from this one directly, through two
            // independent lookups instead of two dependent ones; the one in between only for its test.
            // Terms that do not depend on d are added first, to keep the chain from d to d2 short.
            for (; i + 1 < end; i += 2)
            {
                uint b1 = Unsafe.Add(ref input, i);
                uint b2 = Unsafe.Add(ref input, i + 1);
                uint o1 = Unsafe.Add(ref input, i - WindowSize);
                uint o2 = Unsafe.Add(ref input, i + 1 - WindowSize);
                var hi = (nint)(d >> shift);
                var lo = (nint)((d >> shift16) & 0xFF);

                var fresh1 = b1 ^ Unsafe.Add(ref table, RabinTables.Out1 + (nint)o1);
                var fresh2 = ((b1 << 8) | b2)
                    ^ Unsafe.Add(ref table, RabinTables.Out2 + (nint)o1)
                    ^ Unsafe.Add(ref table, RabinTables.Out1 + (nint)o2);
                var d1 = ((d << 8) ^ fresh1) ^ Unsafe.Add(ref table, RabinTables.Reduce8 + hi);
                var d2 = ((d << 16) ^ fresh2)
                    ^ (Unsafe.Add(ref table, RabinTables.Reduce16 + hi) ^ Unsafe.Add(ref table, RabinTables.Reduce8 + lo));

                if ((d1 & SplitMask) == 0)
                {
                    digest = d1;
                    return (int)i + 1;
                }

                d = d2;
                if ((d2 & SplitMask) == 0)
                {
                    digest = d2;
                    return (int)i + 2;
                }
            }

            if (i < end)
            {
                d = Step(ref table, d, shift, Unsafe.Add(ref input, i), Unsafe.Add(ref input, i - WindowSize));
                i++;
                if ((d & SplitMask) == 0)
                {
                    digest = d;
                    return (int)i;
                }
            }

            digest = d;
            return -1;
        }
    }

    // The fingerprint after one byte enters the window and one leaves it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ref ulong table, ulong digest, int shift, byte incoming, byte outgoing) =>
        unchecked(((digest << 8) | incoming)
            ^ Unsafe.Add(ref table, RabinTables.Reduce8 + (nint)(digest >> shift))
            ^ Unsafe.Add(ref table, RabinTables.Out1 + (nint)outgoing));

    // Keeps the last 64 fingerprinted bytes (oldest first) for the next call.
    private void SaveWindow(ReadOnlySpan<byte> hashed)
    {
        if (hashed.Length >= WindowSize)
        {
            hashed[^WindowSize..].CopyTo(_window);
        }
        else
        {
            _window.AsSpan(hashed.Length).CopyTo(_window);
            hashed.CopyTo(_window.AsSpan(WindowSize - hashed.Length));
        }
    }
}
