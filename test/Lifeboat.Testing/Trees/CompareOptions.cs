namespace Lifeboat.Testing.Trees;

/// <summary>What <see cref="DirectoryComparer"/> leaves out of a comparison.</summary>
public sealed record CompareOptions
{
    public static CompareOptions Default { get; } = new();

    /// <summary>Compare the root directory's own metadata (off: a restore target is made by the test).</summary>
    public bool CompareRoot { get; init; }

    /// <summary>Compare atimes (off: reading a file may change it).</summary>
    public bool CompareAccessTimes { get; init; }

    /// <summary>Compare ctimes (off: no tool can set them).</summary>
    public bool CompareChangeTimes { get; init; }

    /// <summary>Compare uid and gid.</summary>
    public bool CompareOwners { get; init; } = true;

    /// <summary>
    /// Directories at a depth below this have their mtime ignored: 1 ignores the root's, 2 also its
    /// children's (e.g. the directories above a restored path that the restore tool made), and so on.
    /// </summary>
    public int IgnoreDirectoryTimesAboveDepth { get; init; }

    /// <summary>Paths (relative, slash-separated) left out of the comparison together with everything below them.</summary>
    public Func<string, bool>? Ignore { get; init; }
}
