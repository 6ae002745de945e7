using System.Text;

namespace Lifeboat.Repository.Tests.Chunking;

/// <summary>Deterministic test contents for the chunker.</summary>
internal static class TestData
{
    public static byte[] Random(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>
    /// Pseudo-random bytes with regions repeated at other offsets (the case deduplication is for),
    /// about <paramref name="megabytes"/> MB.
    /// </summary>
    public static byte[] RandomWithRepeats(int megabytes, int seed)
    {
        const int MiB = 1024 * 1024;
        var length = megabytes * MiB;
        var data = Random(length, seed);

        // A long region seen twice, a short one seen three times, and a copy at an odd offset.
        var quarter = length / 4;
        var eighth = length / 8;
        data.AsSpan(0, quarter).CopyTo(data.AsSpan((2 * quarter) + 12_345));
        data.AsSpan(quarter, eighth).CopyTo(data.AsSpan(quarter + (2 * eighth) + 777));
        data.AsSpan(quarter, eighth).CopyTo(data.AsSpan(length - eighth - 1));
        return data;
    }

    /// <summary>
    /// Highly compressible bytes: text lines, a long run of one byte value (cut only at the maximum
    /// size) and zeros (whose fingerprint is zero: cut at the minimum size).
    /// </summary>
    public static byte[] Compressible(int seed)
    {
        var random = new Random(seed);
        using var stream = new MemoryStream();
        var text = new StringBuilder();
        for (var i = 0; stream.Length < 12 * 1024 * 1024; i++)
        {
            text.Clear();
            text.Append("2026-01-01T00:00:").Append(i % 60).Append(" host service[")
                .Append(random.Next(100, 999)).Append("]: request ").Append(i)
                .Append(" done in ").Append(random.Next(1, 50)).Append(" ms\n");
            stream.Write(Encoding.ASCII.GetBytes(text.ToString()));
        }

        stream.Write(Enumerable.Repeat((byte)0xAB, 18 * 1024 * 1024).ToArray());
        stream.Write(new byte[3 * 1024 * 1024]);
        stream.Write(Encoding.ASCII.GetBytes("the end\n"));
        return stream.ToArray();
    }
}
