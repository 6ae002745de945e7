using Lifeboat.Repository.Chunking;

namespace Lifeboat.Repository.Tests.Chunking;

/// <summary>
/// The restic binary as the oracle: restic backs up the test files into a fresh repository with its
/// own random polynomial; our chunker with that polynomial must give the same chunks, compared by
/// the SHA-256 ids of restic's content lists.
/// </summary>
public sealed class ResticOracleTests(ResticBackupFixture restic) : IClassFixture<ResticBackupFixture>
{
    [Fact]
    public void Boundaries_match_restic_for_a_48_MB_random_file_with_repeated_regions()
    {
        var ids = ChunkIds(ResticBackupFixture.RandomFile);
        Assert.True(ids.Count > 20);
        Assert.True(ids.Distinct().Count() < ids.Count, "the repeated regions should give repeated chunks");
        Assert.Equal(restic.ResticContent(ResticBackupFixture.RandomFile), ids);
    }

    [Fact]
    public void Boundaries_match_restic_for_a_highly_compressible_33_MB_file()
    {
        var ids = ChunkIds(ResticBackupFixture.CompressibleFile);
        Assert.True(ids.Count > 10);
        Assert.Equal(restic.ResticContent(ResticBackupFixture.CompressibleFile), ids);
    }

    [Fact]
    public void A_file_smaller_than_the_minimum_size_is_one_chunk_as_in_restic()
    {
        var ids = ChunkIds(ResticBackupFixture.SmallFile);
        Assert.Single(ids);
        Assert.Equal(restic.ResticContent(ResticBackupFixture.SmallFile), ids);
    }

    [Fact]
    public void An_empty_file_has_no_chunks_as_in_restic()
    {
        Assert.Empty(ChunkIds(ResticBackupFixture.EmptyFile));
        Assert.Empty(restic.ResticContent(ResticBackupFixture.EmptyFile));
    }

    private List<string> ChunkIds(string file)
    {
        var data = File.ReadAllBytes(Path.Combine(restic.DataDirectory, file));
        using var stream = new MemoryStream(data);
        return StreamSplitter.Split(stream, restic.Polynomial)
            .Select(chunk => Id.Hash(data.AsSpan((int)chunk.Offset, chunk.Length)).ToString())
            .ToList();
    }
}
