namespace Lifeboat.Testing.Trees;

/// <summary>What <see cref="TreeGenerator"/> puts into a tree besides the fixed edge cases.</summary>
public sealed record TreeOptions
{
    /// <summary>Content, names of the small files and every timestamp follow from this seed.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Small files (0-8 KiB), spread over <see cref="SmallFileDirectories"/> directories.</summary>
    public int SmallFiles { get; init; } = 2000;

    public int SmallFileDirectories { get; init; } = 40;

    /// <summary>Size of the pseudo-random file of many chunks (restic's chunks average 1 MiB).</summary>
    public int LargeFileBytes { get; init; } = (24 * 1024 * 1024) + 4321;

    /// <summary>Size of the compressible text file.</summary>
    public int TextFileBytes { get; init; } = 3 * 1024 * 1024;

    /// <summary>Extra pseudo-random files (incompressible), to make a tree that takes a while to back up.</summary>
    public int BulkFiles { get; init; }

    public int BulkFileBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Give some entries foreign owners (uid 1234, nobody); only possible as root.</summary>
    public bool ForeignOwners { get; init; } = UnixUser.IsRoot;
}
