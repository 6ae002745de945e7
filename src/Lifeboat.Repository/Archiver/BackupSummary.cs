namespace Lifeboat.Repository.Archiver;

/// <summary>What a backup did, in restic's terms.</summary>
public sealed class BackupSummary
{
    public long FilesNew { get; set; }

    public long FilesChanged { get; set; }

    public long FilesUnmodified { get; set; }

    public long DirsNew { get; set; }

    public long DirsChanged { get; set; }

    public long DirsUnmodified { get; set; }

    public long DataBlobs { get; set; }

    public long TreeBlobs { get; set; }

    /// <summary>Plaintext bytes of the new blobs (restic's <c>data_added</c>).</summary>
    public long DataAdded { get; set; }

    /// <summary>Bytes the repository grew by: the new blobs compressed and encrypted, in packs (restic's <c>data_added_packed</c>); 0 in a dry run.</summary>
    public long DataAddedPacked { get; set; }

    public long TotalFilesProcessed { get; set; }

    public long TotalBytesProcessed { get; set; }

    /// <summary>Bytes actually read from files (unchanged files are not read).</summary>
    public long BytesRead { get; set; }

    public TimeSpan Duration { get; set; }

    public Id? SnapshotId { get; set; }

    public Id? ParentId { get; set; }

    public List<BackupError> Errors { get; } = [];
}
