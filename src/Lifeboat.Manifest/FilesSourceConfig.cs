namespace Lifeboat.Manifest;

/// <summary>A directory (or a single file) backed up as files.</summary>
public sealed record FilesSourceConfig : SourceConfig
{
    public override SourceKind Kind => SourceKind.Files;

    /// <summary>The directory (absolute).</summary>
    public required string Path { get; init; }

    /// <summary>Glob patterns relative to <see cref="Path"/> (<c>tmp/**</c>, <c>*.log</c>).</summary>
    public ValueList<string> Exclude { get; init; } = [];
}
