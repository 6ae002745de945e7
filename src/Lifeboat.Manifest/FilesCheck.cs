namespace Lifeboat.Manifest;

/// <summary>Paths that must exist in a restored files source, a minimum file count, checksums.</summary>
public sealed record FilesCheck : VerifyCheck
{
    public required string Source { get; init; }

    /// <summary>Paths relative to the source's root.</summary>
    public ValueList<string> Paths { get; init; } = [];

    public int? MinCount { get; init; }

    /// <summary>Expected SHA-256 (lowercase hex) by relative path.</summary>
    public NamedMap<string> Sha256 { get; init; } = NamedMap<string>.Empty;
}
