using System.Runtime.InteropServices;

namespace Lifeboat.Testing;

/// <summary>The few POSIX calls .NET has no managed API for: signals, ownership, user lookup.</summary>
internal static partial class NativeMethods
{
    internal const int SIGINT = 2;
    internal const int SIGQUIT = 3;
    internal const int SIGTERM = 15;

    private const int ESRCH = 3;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int KillNative(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int LChownNative(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static unsafe partial int GetPwNamNative(string name, Passwd* passwd, byte* buffer, nuint bufferLength, Passwd** result);

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when no such process exists.</summary>
    internal static bool Kill(int pid, int signal)
    {
        if (KillNative(pid, signal) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == ESRCH
            ? false
            : throw new IOException($"kill({pid}, {signal}) failed: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    internal static void LChown(string path, uint owner, uint group)
    {
        if (LChownNative(path, owner, group) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"chown {owner}:{group} {path} failed: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    internal static unsafe (uint Uid, uint Gid, string Home)? GetUser(string name)
    {
        var buffer = new byte[16 * 1024];
        fixed (byte* bufferPointer = buffer)
        {
            Passwd passwd;
            Passwd* result;
            var error = GetPwNamNative(name, &passwd, bufferPointer, (nuint)buffer.Length, &result);
            if (error != 0)
            {
                throw new IOException($"getpwnam_r({name}) failed: {Marshal.GetPInvokeErrorMessage(error)}");
            }

            return result == null
                ? null
                : (passwd.Uid, passwd.Gid, Marshal.PtrToStringUTF8(passwd.Dir) ?? "/");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Passwd
    {
        public nint Name;
        public nint Password;
        public uint Uid;
        public uint Gid;
        public nint Gecos;
        public nint Dir;
        public nint Shell;
    }
}
