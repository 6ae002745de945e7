namespace Lifeboat.Repository.Archiver;

/// <summary>
/// One thing to put into a snapshot, at a place in the snapshot's tree: a path on disk (a file or a
/// whole directory) or the content of a stream (stdin, a database dump).
/// </summary>
public abstract record BackupItem(IReadOnlyList<string> SnapshotPath)
{
    /// <summary>
    /// A file or directory on disk, stored at <paramref name="SnapshotPath"/>. With
    /// <paramref name="RealParents"/>, the directories above it in the snapshot take their metadata from
    /// the real directories above it (restic's layout for <c>backup /a/b/c</c>); otherwise they are virtual.
    /// </summary>
    /// <param name="SnapshotPath">Where the item goes in the snapshot's tree.</param>
    /// <param name="RealPath">The file or directory on disk.</param>
    /// <param name="RealParents">Whether the directories above it take their metadata from disk.</param>
    /// <param name="Excludes">Patterns excluded below this item only, in addition to the backup's own.</param>
    public sealed record Path(IReadOnlyList<string> SnapshotPath, string RealPath, bool RealParents, Filtering.PatternList? Excludes = null)
        : BackupItem(SnapshotPath);

    /// <summary>
    /// A file whose content is read from a stream. <paramref name="Completed"/> is awaited after the
    /// stream ends; if it throws (the dump command failed), the backup fails and no snapshot is made.
    /// </summary>
    public sealed record Stream(IReadOnlyList<string> SnapshotPath, Func<System.IO.Stream> Open, Func<Task>? Completed = null)
        : BackupItem(SnapshotPath);

    /// <summary>
    /// A small file whose content is computed after every other item in its directory has been read
    /// (e.g. a description of the snapshot with the timings of the others).
    /// </summary>
    public sealed record Deferred(IReadOnlyList<string> SnapshotPath, Func<CancellationToken, Task<byte[]>> Content) : BackupItem(SnapshotPath);

    /// <summary>A small file with fixed content (e.g. a description of the snapshot).</summary>
    public sealed record Bytes(IReadOnlyList<string> SnapshotPath, byte[] Content) : BackupItem(SnapshotPath);

    /// <summary>The components of a path as restic places it in a snapshot ("/a/b" → a, b; "x/y" → x, y).</summary>
    public static IReadOnlyList<string> ComponentsOf(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(c => c != ".").ToArray();
}
