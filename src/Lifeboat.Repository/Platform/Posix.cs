using System.Runtime.InteropServices;

namespace Lifeboat.Repository.Platform;

/// <summary>
/// The POSIX calls a faithful backup and restore needs and .NET does not expose: full stat (inode,
/// device, ctime, link count, owner), nanosecond timestamps on symlinks, lchown, hard links, device
/// nodes, fifos and extended attributes. Linux (glibc) only; errors become <see cref="IOException"/>.
/// </summary>
public static partial class Posix
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    /// <summary>lstat through statx (one layout on every architecture).</summary>
    public static FileStatus LStat(string path)
    {
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, out var s) != 0)
        {
            throw Error("stat", path);
        }

        return new FileStatus(
            Mode: s.Mode,
            Uid: s.Uid,
            Gid: s.Gid,
            Inode: s.Ino,
            Links: s.Nlink,
            Size: (long)s.Size,
            Device: Makedev(s.DevMajor, s.DevMinor),
            RDevice: Makedev(s.RdevMajor, s.RdevMinor),
            AccessTime: ToNanoseconds(s.Atime),
            ModifyTime: ToNanoseconds(s.Mtime),
            ChangeTime: ToNanoseconds(s.Ctime));
    }

    /// <summary>Sets atime and mtime (nanoseconds since the epoch) without following a symlink.</summary>
    public static void SetTimes(string path, long accessNanoseconds, long modifyNanoseconds)
    {
        Span<Timespec> times = [FromNanoseconds(accessNanoseconds), FromNanoseconds(modifyNanoseconds)];
        if (UtimensAt(AtFdCwd, path, ref MemoryMarshal.GetReference(times), AtSymlinkNoFollow) != 0)
        {
            throw Error("set times of", path);
        }
    }

    /// <summary>Changes owner and group without following a symlink.</summary>
    public static void LChown(string path, uint uid, uint gid)
    {
        if (LChownNative(path, uid, gid) != 0)
        {
            throw Error("change owner of", path);
        }
    }

    public static void Chmod(string path, uint mode)
    {
        if (ChmodNative(path, mode) != 0)
        {
            throw Error("change mode of", path);
        }
    }

    /// <summary>Creates a hard link <paramref name="newPath"/> to <paramref name="existingPath"/>.</summary>
    public static void Link(string existingPath, string newPath)
    {
        if (LinkNative(existingPath, newPath) != 0)
        {
            throw Error("create hard link", newPath);
        }
    }

    /// <summary>
    /// Renames <paramref name="from"/> to <paramref name="to"/> with rename(2): atomically replaces a file
    /// or symlink at the destination, never follows a symlink (unlike File.Move, which refuses a symlink
    /// that points at a directory), and fails on a directory there.
    /// </summary>
    public static void Rename(string from, string to)
    {
        if (RenameNative(from, to) != 0)
        {
            throw Error("rename to", to);
        }
    }

    /// <summary>Creates a device node, fifo or socket placeholder (mode includes the S_IF* type bits).</summary>
    public static void MkNod(string path, uint mode, ulong device)
    {
        if (MkNodNative(path, mode, device) != 0)
        {
            throw Error("create node", path);
        }
    }

    /// <summary>The current effective user id.</summary>
    public static uint EffectiveUserId => GetEuid();

    public static uint EffectiveGroupId => GetEgid();

    /// <summary>Names of a file's extended attributes (not following symlinks).</summary>
    public static IReadOnlyList<string> ListXattrs(string path)
    {
        var size = LListXattr(path, null, 0);
        if (size < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is 95 or 61 ? [] : throw Error("list extended attributes of", path); // ENOTSUP, ENODATA
        }

        if (size == 0)
        {
            return [];
        }

        var buffer = new byte[size];
        size = LListXattr(path, buffer, buffer.Length);
        if (size < 0)
        {
            throw Error("list extended attributes of", path);
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, (int)size).Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    public static byte[] GetXattr(string path, string name)
    {
        var size = LGetXattr(path, name, null, 0);
        if (size < 0)
        {
            throw Error($"read extended attribute {name} of", path);
        }

        var buffer = new byte[size];
        size = LGetXattr(path, name, buffer, buffer.Length);
        return size < 0 ? throw Error($"read extended attribute {name} of", path) : buffer[..(int)size];
    }

    public static void SetXattr(string path, string name, byte[] value)
    {
        if (LSetXattr(path, name, value, value.Length, 0) != 0)
        {
            throw Error($"set extended attribute {name} of", path);
        }
    }

    private static ulong Makedev(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8)
        | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);

    private static long ToNanoseconds(StatxTimestamp t) => (t.Seconds * 1_000_000_000L) + t.Nanoseconds;

    private static Timespec FromNanoseconds(long nanoseconds)
    {
        var seconds = Math.DivRem(nanoseconds, 1_000_000_000L, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += 1_000_000_000L;
        }

        return new Timespec(seconds, rest);
    }

    private static IOException Error(string action, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        var message = Marshal.GetPInvokeErrorMessage(errno);
        return new IOException($"cannot {action} {path}: {message}", errno);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct StatxTimestamp
    {
        public long Seconds;
        public uint Nanoseconds;
        private readonly int _reserved;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct StatxBuffer
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint Nlink;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
        private readonly ushort _spare0;
        public ulong Ino;
        public ulong Size;
        public ulong Blocks;
        public ulong AttributesMask;
        public StatxTimestamp Atime;
        public StatxTimestamp Btime;
        public StatxTimestamp Ctime;
        public StatxTimestamp Mtime;
        public uint RdevMajor;
        public uint RdevMinor;
        public uint DevMajor;
        public uint DevMinor;
        private readonly ulong _mountId;
        private readonly ulong _spare2;
        private readonly ulong _spare3a;
        private readonly ulong _spare3b;
        private readonly ulong _spare3c;
        private readonly ulong _spare3d;
        private readonly ulong _spare3e;
        private readonly ulong _spare3f;
        private readonly ulong _spare3g;
        private readonly ulong _spare3h;
        private readonly ulong _spare3i;
        private readonly ulong _spare3j;
        private readonly ulong _spare3k;
        private readonly ulong _spare3l;
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Timespec(long Seconds, long Nanoseconds);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "utimensat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int UtimensAt(int dirfd, string path, ref Timespec times, int flags);

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LChownNative(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "chmod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int ChmodNative(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LinkNative(string existing, string newPath);

    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameNative(string from, string to);

    [LibraryImport("libc", EntryPoint = "mknod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkNodNative(string path, uint mode, ulong device);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "getegid")]
    private static partial uint GetEgid();

    [LibraryImport("libc", EntryPoint = "llistxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint LListXattr(string path, byte[]? list, nint size);

    [LibraryImport("libc", EntryPoint = "lgetxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint LGetXattr(string path, string name, byte[]? value, nint size);

    [LibraryImport("libc", EntryPoint = "lsetxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LSetXattr(string path, string name, byte[] value, nint size, int flags);
}

/// <summary>What lstat says about a file; times in nanoseconds since the Unix epoch.</summary>
public readonly record struct FileStatus(
    uint Mode,
    uint Uid,
    uint Gid,
    ulong Inode,
    uint Links,
    long Size,
    ulong Device,
    ulong RDevice,
    long AccessTime,
    long ModifyTime,
    long ChangeTime)
{
    public uint FileType => Mode & 0xF000;

    public bool IsDirectory => FileType == 0x4000;

    public bool IsRegularFile => FileType == 0x8000;

    public bool IsSymlink => FileType == 0xA000;

    public bool IsBlockDevice => FileType == 0x6000;

    public bool IsCharDevice => FileType == 0x2000;

    public bool IsFifo => FileType == 0x1000;

    public bool IsSocket => FileType == 0xC000;
}
