namespace Lifeboat.Manifest;

/// <summary>An SQLite database file, copied with SQLite's online backup API.</summary>
public sealed record SqliteSourceConfig : SourceConfig
{
    public override SourceKind Kind => SourceKind.Sqlite;

    /// <summary>The database file (absolute).</summary>
    public required string Path { get; init; }
}
