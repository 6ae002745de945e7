using System.Text.Json.Serialization;

namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// Statistics of the backup that made a snapshot, in the shape restic 0.17 and later store them
/// (older restic versions ignore the field).
/// </summary>
public sealed class SnapshotSummary
{
    [JsonPropertyName("backup_start")]
    public ResticTime BackupStart { get; set; }

    [JsonPropertyName("backup_end")]
    public ResticTime BackupEnd { get; set; }

    [JsonPropertyName("files_new")]
    public long FilesNew { get; set; }

    [JsonPropertyName("files_changed")]
    public long FilesChanged { get; set; }

    [JsonPropertyName("files_unmodified")]
    public long FilesUnmodified { get; set; }

    [JsonPropertyName("dirs_new")]
    public long DirsNew { get; set; }

    [JsonPropertyName("dirs_changed")]
    public long DirsChanged { get; set; }

    [JsonPropertyName("dirs_unmodified")]
    public long DirsUnmodified { get; set; }

    [JsonPropertyName("data_blobs")]
    public long DataBlobs { get; set; }

    [JsonPropertyName("tree_blobs")]
    public long TreeBlobs { get; set; }

    [JsonPropertyName("data_added")]
    public long DataAdded { get; set; }

    [JsonPropertyName("data_added_packed")]
    public long DataAddedPacked { get; set; }

    [JsonPropertyName("total_files_processed")]
    public long TotalFilesProcessed { get; set; }

    [JsonPropertyName("total_bytes_processed")]
    public long TotalBytesProcessed { get; set; }
}
