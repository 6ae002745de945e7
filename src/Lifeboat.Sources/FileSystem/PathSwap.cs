using Lifeboat.Repository.Platform;

namespace Lifeboat.Sources.FileSystem;

/// <summary>
/// Puts a staged file or directory in the place of another and keeps the replaced one aside, as a
/// hidden sibling, until <see cref="Commit"/> deletes it or <see cref="Rollback"/> puts it back.
/// Companion files (SQLite's <c>-wal</c>, <c>-shm</c>, <c>-journal</c>) move aside with the file they
/// belong to, so stale ones never meet the restored file, and come back on rollback. A file is replaced
/// atomically (a hard link keeps the previous one, then a rename over it); a directory with two renames.
/// </summary>
public sealed class PathSwap
{
    private readonly string _target;
    private readonly string _previous;
    private readonly string _id;
    private readonly IReadOnlyList<string> _companions;
    private bool _hadPrevious;

    private PathSwap(string target, string id, IReadOnlyList<string> companions)
    {
        _target = target;
        _id = id;
        _previous = SiblingPath.Previous(target, id);
        _companions = companions;
    }

    /// <summary>Where the replaced content is kept until commit (null when there was none).</summary>
    public string? PreviousPath => _hadPrevious ? _previous : null;

    /// <summary>
    /// Moves <paramref name="staged"/> to <paramref name="target"/>. <paramref name="staged"/> must be a
    /// sibling of the target (same file system). <paramref name="companionSuffixes"/> name the files that
    /// belong to the target (<c>-wal</c>).
    /// </summary>
    public static PathSwap Apply(string staged, string target, string id, IReadOnlyList<string>? companionSuffixes = null)
    {
        var swap = new PathSwap(Path.GetFullPath(target), id, companionSuffixes ?? []);
        swap.Apply(staged);
        return swap;
    }

    /// <summary>Deletes what was replaced. Idempotent.</summary>
    public void Commit()
    {
        Delete(_previous);
        foreach (var suffix in _companions)
        {
            Delete(_previous + suffix);
        }
    }

    /// <summary>Puts back what was replaced (or removes the restored path when nothing was there). Idempotent.</summary>
    public void Rollback()
    {
        foreach (var suffix in _companions)
        {
            Delete(_target + suffix);
        }

        if (!_hadPrevious)
        {
            Delete(_target);
            return;
        }

        if (!Exists(_previous))
        {
            return; // already rolled back
        }

        if (Directory.Exists(_previous) && !IsSymlink(_previous))
        {
            var failed = SiblingPath.Failed(_target, _id);
            if (Exists(_target))
            {
                Directory.Move(_target, failed);
            }

            Directory.Move(_previous, _target);
            Delete(failed);
        }
        else
        {
            File.Move(_previous, _target, overwrite: true);
        }

        foreach (var suffix in _companions)
        {
            if (File.Exists(_previous + suffix))
            {
                File.Move(_previous + suffix, _target + suffix, overwrite: true);
            }
        }
    }

    /// <summary>Removes a file or a directory tree; nothing when it does not exist.</summary>
    public static void Delete(string path)
    {
        if (IsSymlink(path) || File.Exists(path))
        {
            File.Delete(path);
        }
        else if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    public static bool Exists(string path) => File.Exists(path) || Directory.Exists(path) || IsSymlink(path);

    /// <summary>Renames a file, a symlink or a directory tree (on one file system).</summary>
    internal static void Rename(string from, string to) => Move(from, to, Directory.Exists(from) && !IsSymlink(from));

    private static bool IsSymlink(string path)
    {
        try
        {
            return (Posix.LStat(path).Mode & 0xF000) == 0xA000;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void Apply(string staged)
    {
        foreach (var suffix in _companions)
        {
            if (File.Exists(_target + suffix))
            {
                File.Move(_target + suffix, _previous + suffix, overwrite: true);
            }
        }

        _hadPrevious = Exists(_target);
        var stagedIsDirectory = Directory.Exists(staged) && !IsSymlink(staged);
        if (!_hadPrevious)
        {
            Move(staged, _target, stagedIsDirectory);
            return;
        }

        var targetIsDirectory = Directory.Exists(_target) && !IsSymlink(_target);
        if (!stagedIsDirectory && !targetIsDirectory)
        {
            // link + rename: there is never a moment without a file at the target
            Posix.Link(_target, _previous);
            File.Move(staged, _target, overwrite: true);
            return;
        }

        Move(_target, _previous, targetIsDirectory);
        try
        {
            Move(staged, _target, stagedIsDirectory);
        }
        catch
        {
            Move(_previous, _target, targetIsDirectory);
            throw;
        }
    }

    private static void Move(string from, string to, bool isDirectory)
    {
        if (isDirectory)
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }
}
