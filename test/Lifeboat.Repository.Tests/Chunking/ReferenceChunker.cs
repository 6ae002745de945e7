using Lifeboat.Repository.Chunking;

namespace Lifeboat.Repository.Tests.Chunking;

/// <summary>
/// A deliberately plain, byte-at-a-time rendering of restic's chunking rules (ring window, slide a
/// byte out then append one, restic's two tables computed with <see cref="Polynomial"/> arithmetic),
/// sharing no code with <see cref="Chunker"/>: a second opinion on every polynomial, fast to run.
/// </summary>
internal static class ReferenceChunker
{
    private const int WindowSize = 64;

    public static List<ChunkBoundary> Split(ReadOnlySpan<byte> data, Polynomial polynomial)
    {
        var degree = polynomial.Degree;
        var shift = degree - 8;
        var outTable = new ulong[256];
        var modTable = new ulong[256];
        for (var b = 0; b < 256; b++)
        {
            // The fingerprint of b followed by 63 zero bytes.
            var h = default(Polynomial);
            h = Append(h, (byte)b, polynomial);
            for (var i = 0; i < WindowSize - 1; i++)
            {
                h = Append(h, 0, polynomial);
            }

            outTable[b] = h.Value;
            modTable[b] = new Polynomial((ulong)b << degree).Mod(polynomial).Value | ((ulong)b << degree);
        }

        var result = new List<ChunkBoundary>();
        var window = new byte[WindowSize];
        var position = 0;
        var start = 0;
        while (position < data.Length)
        {
            // Reset: window of zeros, then the byte 1 slid in.
            Array.Clear(window);
            var wpos = 0;
            ulong digest = 0;
            Slide(1);
            var count = 0;

            var skip = Math.Min(Chunker.MinSize - WindowSize, data.Length - position);
            position += skip;
            count += skip;

            while (position < data.Length)
            {
                Slide(data[position]);
                position++;
                count++;
                if (((digest & Chunker.SplitMask) == 0 || count >= Chunker.MaxSize) && count >= Chunker.MinSize)
                {
                    break;
                }
            }

            result.Add(new ChunkBoundary(start, position - start));
            start = position;

            void Slide(byte b)
            {
                var outgoing = window[wpos];
                window[wpos] = b;
                digest ^= outTable[outgoing];
                wpos = (wpos + 1) % WindowSize;
                var index = digest >> shift;
                digest = ((digest << 8) | b) ^ modTable[index];
            }
        }

        return result;
    }

    private static Polynomial Append(Polynomial hash, byte b, Polynomial polynomial) =>
        new Polynomial((hash.Value << 8) | b).Mod(polynomial);
}
