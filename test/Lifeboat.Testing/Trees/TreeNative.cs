using System.Runtime.InteropServices;

namespace Lifeboat.Testing.Trees;

/// <summary>
/// The POSIX calls the tree generator and comparer need and .NET lacks: lstat with nanoseconds,
/// inode and owner; times on symlinks; hard links; fifos; lchown. Independent of the engine's own
/// platform code on purpose, so a bug there cannot hide itself in the tests.
/// </summary>
internal static partial class TreeNative
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    internal static EntryStatus LStat(string path)
    {
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, out var s) != 0)
        {
            throw Error("lstat", path);
        }

        return new EntryStatus(
            s.Mode,
            s.Uid,
            s.Gid,
            s.Ino,
            ((ulong)s.DevMajor << 32) | s.DevMinor,
            s.Nlink,
            (long)s.Size,
            (s.Atime.Seconds * 1_000_000_000L) + s.Atime.Nanoseconds,
            (s.Mtime.Seconds * 1_000_000_000L) + s.Mtime.Nanoseconds,
            (s.Ctime.Seconds * 1_000_000_000L) + s.Ctime.Nanoseconds);
    }

    /// <summary>Sets atime and mtime of <paramref name="path"/> itself (a symlink is not followed).</summary>
    internal static void SetTimes(string path, long accessNanoseconds, long modifyNanoseconds)
    {
        Span<Timespec> times = [Timespec.From(accessNanoseconds), Timespec.From(modifyNanoseconds)];
        if (UtimensAt(AtFdCwd, path, ref MemoryMarshal.GetReference(times), AtSymlinkNoFollow) != 0)
        {
            throw Error("utimensat", path);
        }
    }

    internal static void Link(string existing, string newPath)
    {
        if (LinkNative(existing, newPath) != 0)
        {
            throw Error("link", newPath);
        }
    }

    internal static void MakeFifo(string path, uint mode)
    {
        if (MkFifoNative(path, mode) != 0)
        {
            throw Error("mkfifo", path);
        }
    }

    internal static void LChown(string path, uint uid, uint gid)
    {
        if (LChownNative(path, uid, gid) != 0)
        {
            throw Error("lchown", path);
        }
    }

    /// <summary>chmod with every bit (setuid, setgid, sticky included).</summary>
    internal static void Chmod(string path, uint mode)
    {
        if (ChmodNative(path, mode) != 0)
        {
            throw Error("chmod", path);
        }
    }

    private static IOException Error(string call, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} {path} failed: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Timespec(long Seconds, long Nanoseconds)
    {
        public static Timespec From(long nanoseconds)
        {
            var seconds = Math.DivRem(nanoseconds, 1_000_000_000L, out var rest);
            return rest < 0 ? new Timespec(seconds - 1, rest + 1_000_000_000L) : new Timespec(seconds, rest);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct StatxTimestamp
    {
        public long Seconds;
        public uint Nanoseconds;
        private readonly int _reserved;
    }

    [StructLayout(LayoutKind.Sequential, Size = 256)]
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
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "utimensat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int UtimensAt(int dirfd, string path, ref Timespec times, int flags);

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int LinkNative(string existing, string newPath);

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int MkFifoNative(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int LChownNative(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "chmod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int ChmodNative(string path, uint mode);
}
