namespace Lifeboat.Testing;

/// <summary>
/// An operating-system account, looked up by name. Fixtures use it to run servers as their usual
/// owners (<c>postgres</c>, <c>mysql</c>) when the tests run as root.
/// </summary>
public sealed record UnixUser(string Name, uint Uid, uint Gid, string Home)
{
    /// <summary>True when this process runs with an effective user id of 0.</summary>
    public static bool IsRoot => NativeMethods.GetEffectiveUserId() == 0;

    /// <summary>The account with this name, or null when it does not exist.</summary>
    public static UnixUser? Find(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return NativeMethods.GetUser(name) is { } found ? new UnixUser(name, found.Uid, found.Gid, found.Home) : null;
    }

    /// <summary>The account with this name; throws <see cref="InvalidOperationException"/> when it does not exist.</summary>
    public static UnixUser Get(string name) =>
        Find(name) ?? throw new InvalidOperationException(
            $"The operating-system user '{name}' does not exist. It is created by the Debian package that " +
            "installs the server (scripts/test installs it when run as root).");

    /// <summary>
    /// Makes this user the owner of <paramref name="path"/> and everything below it (symbolic links
    /// themselves, never their targets). Requires root.
    /// </summary>
    public void TakeOwnership(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NativeMethods.LChown(path, Uid, Gid);
        if (new DirectoryInfo(path) is { Exists: true, LinkTarget: null } directory)
        {
            TakeOwnershipOfContents(directory);
        }
    }

    internal void TakeOwnershipOfEntry(string path) => NativeMethods.LChown(path, Uid, Gid);

    private void TakeOwnershipOfContents(DirectoryInfo directory)
    {
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            NativeMethods.LChown(entry.FullName, Uid, Gid);
            if (entry is DirectoryInfo { LinkTarget: null } child)
            {
                TakeOwnershipOfContents(child);
            }
        }
    }
}
