using Lifeboat.Repository;
using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Sources.FileSystem;

/// <summary>Copies files out of a snapshot onto disk, durably.</summary>
public static class SnapshotFiles
{
    /// <summary>
    /// Writes the snapshot file at <paramref name="path"/> to <paramref name="destination"/> (created,
    /// owner-only until the caller sets the final mode) and flushes it to disk.
    /// </summary>
    /// <exception cref="SourceException">The snapshot has no such file.</exception>
    public static async Task CopyToFileAsync(SnapshotReader snapshot, string path, string destination, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Stream input;
        try
        {
            input = await snapshot.OpenFileAsync(path, cancellationToken);
        }
        catch (RepositoryException ex)
        {
            throw new SourceException(source, $"snapshot {snapshot.Snapshot.Id.ToShortString()} has no file {path}", ex);
        }

        await using (input)
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                Options = FileOptions.Asynchronous,
            };
            await using var output = new FileStream(destination, options);
            await input.CopyToAsync(output, 1024 * 1024, cancellationToken);
            output.Flush(flushToDisk: true);
        }
    }

    /// <summary>Opens the snapshot file at <paramref name="path"/> as a stream.</summary>
    /// <exception cref="SourceException">The snapshot has no such file.</exception>
    public static async Task<Stream> OpenAsync(SnapshotReader snapshot, string path, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        try
        {
            return await snapshot.OpenFileAsync(path, cancellationToken);
        }
        catch (RepositoryException ex)
        {
            throw new SourceException(source, $"snapshot {snapshot.Snapshot.Id.ToShortString()} has no file {path}", ex);
        }
    }
}
