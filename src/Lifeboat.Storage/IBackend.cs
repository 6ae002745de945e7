namespace Lifeboat.Storage;

/// <summary>
/// Where a repository's files live: a local directory, an S3 bucket, an SFTP server. The contract is
/// the same for all of them, and every backend runs the same conformance suite.
/// </summary>
/// <remarks>
/// <para>All members are safe to call concurrently from several threads.</para>
/// <para>Files are written once and never modified: <see cref="SaveAsync"/> makes a file appear
/// atomically and durably (a reader never sees a partial file, and a crash leaves either no file or the
/// whole file), and fails if the file already exists with different content.</para>
/// <para>Failures throw <see cref="StorageException"/> (with <see cref="StorageException.IsTransient"/>
/// set when retrying may help), or <see cref="NotFoundException"/> for a missing file.
/// A listing that cannot be completed throws; it never returns a partial result as if it were whole.</para>
/// </remarks>
public interface IBackend : IAsyncDisposable
{
    /// <summary>The repository location for messages, without credentials ("local:/srv/backup").</summary>
    string Location { get; }

    BackendCapabilities Capabilities { get; }

    /// <summary>Creates the repository's layout (directories, prefixes). Idempotent.</summary>
    Task CreateLayoutAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="data"/> as <paramref name="file"/>, atomically and durably.</summary>
    /// <exception cref="StorageException">The file exists with other content, or the write failed.</exception>
    Task SaveAsync(BackendFile file, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a file of <paramref name="type"/> that is written piece by piece and named when complete
    /// (packs). Backends on a local file system stage it on disk, so a pack being filled costs no memory;
    /// the default collects it in memory and saves it on commit.
    /// </summary>
    IStagedFile CreateStagedFile(FileType type) => new MemoryStagedFile(this);

    /// <summary>
    /// Removes staged files nobody has written to for <paramref name="untouchedFor"/>: what a process
    /// that was killed while writing left behind. They are never part of the repository. Call it only
    /// under an exclusive lock (prune). Returns how many were removed.
    /// </summary>
    Task<int> RemoveAbandonedStagedFilesAsync(TimeSpan untouchedFor, CancellationToken cancellationToken = default) => Task.FromResult(0);

    /// <summary>Reads a whole file.</summary>
    /// <exception cref="NotFoundException">The file does not exist.</exception>
    Task<byte[]> LoadAsync(BackendFile file, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads exactly <c>destination.Length</c> bytes starting at <paramref name="offset"/>.
    /// </summary>
    /// <exception cref="NotFoundException">The file does not exist.</exception>
    /// <exception cref="StorageException">The file is shorter than the requested range.</exception>
    Task ReadAtAsync(BackendFile file, long offset, Memory<byte> destination, CancellationToken cancellationToken = default);

    /// <summary>The size of a file.</summary>
    /// <exception cref="NotFoundException">The file does not exist.</exception>
    Task<long> StatAsync(BackendFile file, CancellationToken cancellationToken = default);

    /// <summary>Every file of one type (all of them, or an exception).</summary>
    IAsyncEnumerable<BackendFileInfo> ListAsync(FileType type, CancellationToken cancellationToken = default);

    /// <summary>Removes a file. Removing a file that does not exist is not an error.</summary>
    Task RemoveAsync(BackendFile file, CancellationToken cancellationToken = default);

    /// <summary>Free space in bytes where the repository lives, or null when unknown.</summary>
    Task<long?> GetFreeSpaceAsync(CancellationToken cancellationToken = default);
}
