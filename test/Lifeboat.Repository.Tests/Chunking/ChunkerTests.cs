using Lifeboat.Repository.Chunking;

namespace Lifeboat.Repository.Tests.Chunking;

public sealed class ChunkerTests
{
    private static readonly Polynomial ResticTestPolynomial = new(0x3DA3358B4DC173);

    [Fact]
    public void Boundaries_do_not_depend_on_how_the_input_is_split()
    {
        var data = TestData.RandomWithRepeats(megabytes: 12, seed: 1);
        var whole = Feed(data, ResticTestPolynomial, _ => int.MaxValue);
        Assert.True(whole.Count > 5);

        var random = new Random(2);
        Assert.Equal(whole, Feed(data, ResticTestPolynomial, _ => random.Next(1, 200_000)));
        Assert.Equal(whole, Feed(data, ResticTestPolynomial, _ => random.Next(1, 130)));
        Assert.Equal(whole, Feed(data, ResticTestPolynomial, _ => 4 * 1024 * 1024));
        Assert.Equal(whole, Feed(data, ResticTestPolynomial, _ => 63));
    }

    [Fact]
    public void Boundaries_are_the_same_when_fed_one_byte_at_a_time()
    {
        var data = TestData.Random(3 * 1024 * 1024, seed: 3);
        var whole = Feed(data, ResticTestPolynomial, _ => int.MaxValue);
        Assert.True(whole.Count >= 2);
        Assert.Equal(whole, Feed(data, ResticTestPolynomial, _ => 1));
    }

    [Fact]
    public void Boundaries_match_a_plain_rendering_of_restics_rules_for_random_polynomials()
    {
        var data = TestData.RandomWithRepeats(megabytes: 16, seed: 4);
        var compressible = TestData.Compressible(seed: 5);
        foreach (var polynomial in new[] { ResticTestPolynomial, Polynomial.Random(), Polynomial.Random() })
        {
            Assert.Equal(ReferenceChunker.Split(data, polynomial), Feed(data, polynomial, _ => 1_000_003));
            Assert.Equal(ReferenceChunker.Split(compressible, polynomial), Feed(compressible, polynomial, _ => 777_777));
        }
    }

    [Fact]
    public void Chunks_respect_the_minimum_and_maximum_sizes()
    {
        var zeros = new byte[3 * 1024 * 1024];
        Assert.All(Feed(zeros, ResticTestPolynomial, _ => int.MaxValue), c => Assert.Equal(Chunker.MinSize, c.Length));

        var run = new byte[20 * 1024 * 1024];
        run.AsSpan().Fill(0xAB);
        var chunks = Feed(run, ResticTestPolynomial, _ => 1_000_000);
        Assert.Equal([Chunker.MaxSize, Chunker.MaxSize, run.Length - (2 * Chunker.MaxSize)], chunks.Select(c => c.Length));

        var random = Feed(TestData.Random(20 * 1024 * 1024, seed: 6), ResticTestPolynomial, _ => int.MaxValue);
        Assert.All(random.SkipLast(1), c => Assert.InRange(c.Length, Chunker.MinSize, Chunker.MaxSize));
    }

    [Fact]
    public void Small_input_is_one_chunk_and_empty_input_none()
    {
        Assert.Equal([new ChunkBoundary(0, 1000)], Feed(new byte[1000], ResticTestPolynomial, _ => 100));
        Assert.Equal([new ChunkBoundary(0, Chunker.MinSize - 1)], Feed(TestData.Random(Chunker.MinSize - 1, 7), ResticTestPolynomial, _ => int.MaxValue));
        Assert.Empty(Feed([], ResticTestPolynomial, _ => 1));
    }

    [Fact]
    public void Reset_starts_a_new_file()
    {
        var data = TestData.Random(4 * 1024 * 1024, seed: 8);
        var chunker = new Chunker(ResticTestPolynomial);
        chunker.FindBoundary(data.AsSpan(0, 700_000), out _);
        chunker.Reset();
        Assert.Equal(0, chunker.CurrentLength);

        var fresh = new Chunker(ResticTestPolynomial);
        var consumedAfterReset = chunker.FindBoundary(data, out var boundaryAfterReset);
        var consumedFresh = fresh.FindBoundary(data, out var boundaryFresh);
        Assert.Equal(consumedFresh, consumedAfterReset);
        Assert.Equal(boundaryFresh, boundaryAfterReset);
    }

    [Fact]
    public async Task Stream_splitters_agree_with_the_chunker()
    {
        var data = TestData.RandomWithRepeats(megabytes: 8, seed: 9);
        var expected = Feed(data, ResticTestPolynomial, _ => int.MaxValue);
        Assert.Equal(expected, StreamSplitter.Split(new MemoryStream(data), ResticTestPolynomial).ToList());

        var asynchronous = new List<ChunkBoundary>();
        await foreach (var chunk in StreamSplitter.SplitAsync(new MemoryStream(data), ResticTestPolynomial))
        {
            asynchronous.Add(chunk);
        }

        Assert.Equal(expected, asynchronous);
    }

    [Fact]
    public void Boundaries_match_a_plain_rendering_of_restics_rules_for_a_low_degree_polynomial()
    {
        var polynomial = new Polynomial(0x201B); // x^13 + x^4 + x^3 + x + 1
        Assert.True(polynomial.IsIrreducible);
        var data = TestData.RandomWithRepeats(megabytes: 8, seed: 10);
        var whole = Feed(data, polynomial, _ => int.MaxValue);
        Assert.True(whole.Count > 5);
        Assert.Equal(ReferenceChunker.Split(data, polynomial), whole);
        Assert.Equal(whole, Feed(data, polynomial, _ => 99_999));
    }

    [Fact]
    public void Polynomials_of_unusable_degree_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new Chunker(new Polynomial(0x13)));
        Assert.Throws<ArgumentException>(() => new Chunker(new Polynomial(1UL << 60 | 1)));
    }

    /// <summary>Drives a chunker as the backup pipeline does, with buffers of the sizes <paramref name="nextSize"/> gives.</summary>
    internal static List<ChunkBoundary> Feed(ReadOnlySpan<byte> data, Polynomial polynomial, Func<int, int> nextSize)
    {
        var chunker = new Chunker(polynomial);
        var result = new List<ChunkBoundary>();
        var chunkStart = 0;
        var position = 0;
        for (var call = 0; position < data.Length; call++)
        {
            var buffer = data.Slice(position, Math.Min(nextSize(call), data.Length - position));
            while (!buffer.IsEmpty)
            {
                var n = chunker.FindBoundary(buffer, out var isBoundary);
                Assert.InRange(n, 1, buffer.Length);
                buffer = buffer[n..];
                position += n;
                if (isBoundary)
                {
                    result.Add(new ChunkBoundary(chunkStart, position - chunkStart));
                    chunkStart = position;
                }
                else
                {
                    Assert.True(buffer.IsEmpty);
                }
            }
        }

        if (position > chunkStart)
        {
            result.Add(new ChunkBoundary(chunkStart, position - chunkStart));
        }

        return result;
    }
}
