namespace Lifeboat.Manifest;

/// <summary>
/// A query returning relative paths that must all exist in a restored files source: catches a database
/// snapshot paired with an older file directory.
/// </summary>
public sealed record ReferencesCheck : VerifyCheck
{
    /// <summary>The database source the query runs against.</summary>
    public required string Source { get; init; }

    public required string Query { get; init; }

    /// <summary>The files source the paths are looked up in.</summary>
    public required string FilesSource { get; init; }
}
