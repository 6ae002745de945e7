namespace Lifeboat.Repository.Trees;

/// <summary>
/// One entry of a tree: a file, directory, symlink, device, fifo or socket with its metadata, as
/// restic stores it. Files list their content as data blob ids; directories point at a subtree.
/// </summary>
public sealed class Node
{
    public required string Name { get; set; }

    /// <summary>One of <see cref="NodeType"/>.</summary>
    public required string Type { get; set; }

    /// <summary>Go's os.FileMode bits (see <see cref="GoFileMode"/>).</summary>
    public uint Mode { get; set; }

    public ResticTime ModTime { get; set; } = Zero;

    public ResticTime AccessTime { get; set; } = Zero;

    public ResticTime ChangeTime { get; set; } = Zero;

    public uint Uid { get; set; }

    public uint Gid { get; set; }

    public string? User { get; set; }

    public string? Group { get; set; }

    public ulong Inode { get; set; }

    /// <summary>st_dev of the file (the file system it was on).</summary>
    public ulong DeviceId { get; set; }

    public ulong Size { get; set; }

    public ulong Links { get; set; }

    public string? LinkTarget { get; set; }

    public List<ExtendedAttribute>? ExtendedAttributes { get; set; }

    /// <summary>st_rdev for block and character devices.</summary>
    public ulong Device { get; set; }

    /// <summary>The file's data blobs in order; null for anything but files.</summary>
    public List<Id>? Content { get; set; }

    public Id? Subtree { get; set; }

    /// <summary>An error recorded while the entry was read during the backup.</summary>
    public string? Error { get; set; }

    /// <summary>Go's zero time, which restic writes for unset timestamps.</summary>
    public static ResticTime Zero { get; } = new(new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public override string ToString() => $"{Type} {Name}";
}
