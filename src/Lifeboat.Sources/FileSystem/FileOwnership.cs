using Lifeboat.Repository.Platform;

namespace Lifeboat.Sources.FileSystem;

/// <summary>
/// The owner and permission bits a restored file or directory takes over from what it replaces, so that
/// a restore run as root does not leave the service's data owned by root. <see cref="Mode"/> holds the
/// permission bits (the low 12 bits of st_mode).
/// </summary>
public readonly record struct FileOwnership(uint Uid, uint Gid, uint Mode)
{
    /// <summary>The ownership of an existing path, or null when it does not exist.</summary>
    public static FileOwnership? Of(string path)
    {
        try
        {
            var status = Posix.LStat(path);
            return new FileOwnership(status.Uid, status.Gid, status.Mode & 0xFFF);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Gives <paramref name="path"/> this owner and mode. Changing the owner needs root; without it an
    /// owner change is skipped (the file keeps the restoring user's ownership).
    /// </summary>
    public void ApplyTo(string path)
    {
        try
        {
            Posix.LChown(path, Uid, Gid);
        }
        catch (IOException) when (Posix.EffectiveUserId != 0)
        {
            // only root gives files away
        }

        Posix.Chmod(path, Mode);
    }
}
