using Lifeboat.Repository.Filtering;
using Lifeboat.Sources.FileSystem;

namespace Lifeboat.Sources.Files;

/// <summary>
/// The excluded files and directories of a live directory, kept as they are through an in-place
/// restore: they are not in the snapshot, so they are moved (renamed, on the same file system) from the
/// live directory into the restored copy before it is swapped in, and moved back on rollback. Only
/// entries whose parent directory is in the restored copy move, and never over something the snapshot
/// has (a path excluded only since that snapshot comes back from it). The walk does not follow symlinks.
/// </summary>
internal sealed class ExcludedPaths
{
    private readonly List<string> _relative;

    private ExcludedPaths(List<string> relative) => _relative = relative;

    public int Count => _relative.Count;

    /// <summary>Moves the entries of <paramref name="live"/> that <paramref name="patterns"/> exclude into <paramref name="restored"/>.</summary>
    public static ExcludedPaths Move(string live, string restored, PatternList patterns)
    {
        var moved = new List<string>();
        var carried = new ExcludedPaths(moved);
        try
        {
            var pending = new Stack<string>([live]);
            while (pending.Count > 0)
            {
                foreach (var entry in new DirectoryInfo(pending.Pop()).EnumerateFileSystemInfos())
                {
                    var (matched, childMayMatch) = patterns.MatchesWithChild(entry.FullName);
                    var relative = Path.GetRelativePath(live, entry.FullName);
                    if (matched)
                    {
                        var destination = Path.Combine(restored, relative);
                        if (Directory.Exists(Path.GetDirectoryName(destination)) && !PathSwap.Exists(destination))
                        {
                            PathSwap.Rename(entry.FullName, destination);
                            moved.Add(relative);
                        }
                    }
                    else if (childMayMatch && entry is DirectoryInfo { LinkTarget: null })
                    {
                        pending.Push(entry.FullName);
                    }
                }
            }
        }
        catch
        {
            carried.MoveBack(restored, live);
            throw;
        }

        return carried;
    }

    /// <summary>Moves what was carried from <paramref name="from"/> back to <paramref name="to"/> (where each one was). Idempotent.</summary>
    public void MoveBack(string from, string to)
    {
        foreach (var relative in _relative)
        {
            var source = Path.Combine(from, relative);
            var destination = Path.Combine(to, relative);
            if (PathSwap.Exists(source) && !PathSwap.Exists(destination) && Directory.Exists(Path.GetDirectoryName(destination)))
            {
                PathSwap.Rename(source, destination);
            }
        }
    }
}
