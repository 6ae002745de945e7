namespace Lifeboat.Repository.Compression;

/// <summary>
/// A cheap test for data that will not compress (already compressed or encrypted files): the byte
/// entropy of a few samples. Costs a fraction of a compression attempt.
/// </summary>
public static class Entropy
{
    private const int SampleSize = 4096;
    private const int Samples = 4;

    /// <summary>True when the data looks random (above 7.9 bits per byte in every sample).</summary>
    public static bool LooksIncompressible(ReadOnlySpan<byte> data)
    {
        if (data.Length < SampleSize * 2)
        {
            return false;
        }

        var step = (data.Length - SampleSize) / (Samples - 1);
        Span<int> counts = stackalloc int[256];
        for (var s = 0; s < Samples; s++)
        {
            counts.Clear();
            foreach (var b in data.Slice(s * step, SampleSize))
            {
                counts[b]++;
            }

            double entropy = 0;
            foreach (var count in counts)
            {
                if (count > 0)
                {
                    var p = (double)count / SampleSize;
                    entropy -= p * Math.Log2(p);
                }
            }

            if (entropy < 7.9)
            {
                return false;
            }
        }

        return true;
    }
}
