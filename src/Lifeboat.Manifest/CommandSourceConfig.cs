namespace Lifeboat.Manifest;

/// <summary>Any dump command's standard output, restored by piping it into the restore command.</summary>
public sealed record CommandSourceConfig : SourceConfig
{
    public override SourceKind Kind => SourceKind.Command;

    /// <summary>Writes the backup to stdout (<c>[redis-cli, --rdb, -]</c>).</summary>
    public required CommandLine Backup { get; init; }

    /// <summary>Reads the backup from stdin.</summary>
    public required CommandLine Restore { get; init; }

    /// <summary>The file name of the stream in the snapshot (default: the source's name).</summary>
    public required string Filename { get; init; }
}
