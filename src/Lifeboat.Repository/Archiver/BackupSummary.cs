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

    /// <summary>Bytes the repository grew by (packs).</summary>
    public long DataAdded { get; set; }

    public long TotalFilesProcessed { get; set; }

    public long TotalBytesProcessed { get; set; }

    /// <summary>Bytes actually read from files (unchanged files are not read).</summary>
    public long BytesRead { get; set; }

    public TimeSpan Duration { get; set; }

    public Id? SnapshotId { get; set; }

    public Id? ParentId { get; set; }

    public List<BackupError> Errors { get; } = [];
}
