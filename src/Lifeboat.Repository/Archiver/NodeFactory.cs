using Lifeboat.Repository.Platform;
using Lifeboat.Repository.Trees;

namespace Lifeboat.Repository.Archiver;

/// <summary>Builds tree nodes from what lstat says, with the fields restic 0.14 records.</summary>
public static class NodeFactory
{
    /// <summary>A node for <paramref name="path"/> (not following symlinks). Content and subtree are left empty.</summary>
    /// <exception cref="IOException">The path cannot be read.</exception>
    public static Node FromPath(string path, string name, out FileStatus status)
    {
        status = Posix.LStat(path);
        var type = TypeOf(status);
        var node = new Node
        {
            Name = name,
            Type = type,
            Mode = GoFileMode.FromUnix(type, status.Mode & 0xFFF),
            ModTime = ToTime(status.ModifyTime),
            AccessTime = ToTime(status.AccessTime),
            ChangeTime = ToTime(status.ChangeTime),
            Uid = status.Uid,
            Gid = status.Gid,
            User = UserNames.User(status.Uid),
            Group = UserNames.Group(status.Gid),
            Inode = status.Inode,
            DeviceId = status.Device,
        };

        switch (type)
        {
            case NodeType.File:
                node.Size = (ulong)status.Size;
                node.Links = status.Links;
                break;
            case NodeType.Symlink:
                node.LinkTarget = new FileInfo(path).LinkTarget ?? string.Empty;
                node.Links = status.Links;
                break;
            case NodeType.BlockDevice or NodeType.CharDevice:
                node.Device = status.RDevice;
                node.Links = status.Links;
                break;
        }

        var attributes = Posix.ListXattrs(path);
        if (attributes.Count > 0)
        {
            node.ExtendedAttributes = attributes.Select(a => new ExtendedAttribute(a, Posix.GetXattr(path, a))).ToList();
        }

        return node;
    }

    /// <summary>A directory node that exists only in the snapshot (no file system counterpart).</summary>
    public static Node VirtualDirectory(string name, ResticTime time) => new()
    {
        Name = name,
        Type = NodeType.Directory,
        Mode = GoFileMode.Dir | 0x1ED, // drwxr-xr-x
        ModTime = time,
        AccessTime = time,
        ChangeTime = time,
        Uid = Posix.EffectiveUserId,
        Gid = Posix.EffectiveGroupId,
        User = UserNames.User(Posix.EffectiveUserId),
        Group = UserNames.Group(Posix.EffectiveGroupId),
    };

    /// <summary>A file node for content that came from a stream (stdin, a dump command).</summary>
    public static Node StreamFile(string name, ResticTime time) => new()
    {
        Name = name,
        Type = NodeType.File,
        Mode = 0x1A4, // -rw-r--r--
        ModTime = time,
        AccessTime = time,
        ChangeTime = time,
        Uid = Posix.EffectiveUserId,
        Gid = Posix.EffectiveGroupId,
        User = UserNames.User(Posix.EffectiveUserId),
        Group = UserNames.Group(Posix.EffectiveGroupId),
    };

    /// <summary>A timestamp in the local time zone, as restic records file times.</summary>
    public static ResticTime ToTime(long unixNanoseconds)
    {
        var utc = DateTimeOffset.UnixEpoch.AddTicks(unixNanoseconds / 100);
        return ResticTime.FromUnixNanoseconds(unixNanoseconds, TimeZoneInfo.Local.GetUtcOffset(utc));
    }

    private static string TypeOf(FileStatus status) => status switch
    {
        { IsRegularFile: true } => NodeType.File,
        { IsDirectory: true } => NodeType.Directory,
        { IsSymlink: true } => NodeType.Symlink,
        { IsBlockDevice: true } => NodeType.BlockDevice,
        { IsCharDevice: true } => NodeType.CharDevice,
        { IsFifo: true } => NodeType.Fifo,
        { IsSocket: true } => NodeType.Socket,
        _ => throw new IOException($"unknown file type {status.Mode:o}"),
    };
}
