namespace Lifeboat.Testing;

/// <summary>
/// A fresh, empty directory under the system temporary directory, named <c>lifeboat-&lt;purpose&gt;-XXXXXX</c>
/// so a leftover is easy to attribute. <see cref="Dispose"/> removes it with everything inside, also
/// read-only files and directories and files owned by another user (it restores permissions as
/// needed, and ownership when running as root).
/// </summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Every directory this class creates starts with this prefix.</summary>
    public const string Prefix = "lifeboat-";

    private const UnixFileMode OwnerAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private bool _disposed;

    /// <param name="purpose">A short word that ends up in the directory name ("pg", "restic").</param>
    public TempDirectory(string purpose = "test")
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        Path = Directory.CreateTempSubdirectory($"{Prefix}{purpose}-").FullName;
    }

    /// <summary>The absolute path of the directory.</summary>
    public string Path { get; }

    /// <summary>A path inside the directory (nothing is created).</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Creates a subdirectory (and its parents) and returns its path.</summary>
    public string CreateDirectory(params string[] parts) => Directory.CreateDirectory(Combine(parts)).FullName;

    /// <summary>Writes a file (creating its directory) and returns its path.</summary>
    public string WriteFile(string relativePath, string contents)
    {
        var path = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, contents);
        return path;
    }

    /// <summary>
    /// Removes the directory and everything in it. Idempotent. Throws <see cref="IOException"/> only
    /// when the directory cannot be removed even after restoring permissions, so a leak never goes unnoticed.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Delete(Path);
        _disposed = true;
    }

    public override string ToString() => Path;

    /// <summary>Removes <paramref name="path"/> recursively, repairing permissions and ownership on the way.</summary>
    internal static void Delete(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!Directory.Exists(path) && !File.Exists(path))
            {
                return;
            }

            try
            {
                Directory.Delete(path, recursive: true);
                return;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                if (attempt == 4)
                {
                    throw new IOException($"Could not remove the temporary directory {path}: {exception.Message}", exception);
                }

                // A process that just stopped may still be writing, or permissions stand in the way.
                Repair(path);
                Thread.Sleep(50 * attempt);
            }
        }
    }

    private static void Repair(string path)
    {
        var rootUser = UnixUser.IsRoot ? new UnixUser("root", 0, 0, "/") : null;
        var root = new DirectoryInfo(path);
        if (!root.Exists)
        {
            return;
        }

        RepairEntry(root, rootUser);
        foreach (var entry in Walk(root))
        {
            RepairEntry(entry, rootUser);
        }
    }

    private static IEnumerable<FileSystemInfo> Walk(DirectoryInfo directory)
    {
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = directory.EnumerateFileSystemInfos().ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var entry in entries)
        {
            yield return entry;
            if (entry is DirectoryInfo { LinkTarget: null } child)
            {
                foreach (var nested in Walk(child))
                {
                    yield return nested;
                }
            }
        }
    }

    private static void RepairEntry(FileSystemInfo entry, UnixUser? root)
    {
        if (OperatingSystem.IsWindows() || entry.LinkTarget is not null)
        {
            return;
        }

        try
        {
            if (root is not null)
            {
                root.TakeOwnershipOfEntry(entry.FullName);
            }

            if (entry is DirectoryInfo)
            {
                entry.UnixFileMode |= OwnerAll;
            }
            else
            {
                entry.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Not ours to change; deleting may still succeed through the parent directory.
        }
    }
}
