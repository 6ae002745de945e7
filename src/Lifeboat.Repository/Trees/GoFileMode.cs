namespace Lifeboat.Repository.Trees;

/// <summary>
/// Restic stores a node's mode as Go's <c>os.FileMode</c>: permission bits in the low 9 bits and the
/// file type, setuid, setgid and sticky as high flag bits. This converts to and from Unix modes.
/// </summary>
public static class GoFileMode
{
    public const uint Dir = 1u << 31;
    public const uint Symlink = 1u << 27;
    public const uint Device = 1u << 26;
    public const uint NamedPipe = 1u << 25;
    public const uint Socket = 1u << 24;
    public const uint Setuid = 1u << 23;
    public const uint Setgid = 1u << 22;
    public const uint CharDevice = 1u << 21;
    public const uint Sticky = 1u << 20;
    public const uint Perm = 0x1FF;

    /// <summary>The Unix permission bits (including setuid 04000, setgid 02000, sticky 01000).</summary>
    public static uint ToUnixPermissions(uint goMode)
    {
        var mode = goMode & Perm;
        if ((goMode & Setuid) != 0)
        {
            mode |= 0x800;
        }

        if ((goMode & Setgid) != 0)
        {
            mode |= 0x400;
        }

        if ((goMode & Sticky) != 0)
        {
            mode |= 0x200;
        }

        return mode;
    }

    /// <summary>Go's mode for a node of <paramref name="nodeType"/> with Unix mode bits <paramref name="unixMode"/>.</summary>
    public static uint FromUnix(string nodeType, uint unixMode)
    {
        var mode = unixMode & Perm;
        if ((unixMode & 0x800) != 0)
        {
            mode |= Setuid;
        }

        if ((unixMode & 0x400) != 0)
        {
            mode |= Setgid;
        }

        if ((unixMode & 0x200) != 0)
        {
            mode |= Sticky;
        }

        return mode | nodeType switch
        {
            NodeType.Directory => Dir,
            NodeType.Symlink => Symlink,
            NodeType.BlockDevice => Device,
            NodeType.CharDevice => Device | CharDevice,
            NodeType.Fifo => NamedPipe,
            NodeType.Socket => Socket,
            _ => 0u,
        };
    }
}
