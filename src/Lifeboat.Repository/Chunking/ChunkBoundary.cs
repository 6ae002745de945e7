namespace Lifeboat.Repository.Chunking;

/// <summary>One chunk of a file: where it starts and how many bytes it has.</summary>
public readonly record struct ChunkBoundary(long Offset, int Length)
{
    /// <summary>The offset just after the chunk.</summary>
    public long End => Offset + Length;
}
