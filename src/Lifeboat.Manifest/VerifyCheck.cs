namespace Lifeboat.Manifest;

/// <summary>
/// A check a drill runs against the restored scratch copy (<c>verify:</c>). Each prints one line: its
/// name, pass or fail, and on failure what was expected and what was found.
/// </summary>
public abstract record VerifyCheck : INamed
{
    public required string Name { get; init; }

    /// <summary>How long the check may take, or null for the drill's default.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>
/// A query against a restored database, with at most one expectation: <see cref="ExpectRows"/> (the
/// number of rows returned), <see cref="ExpectMin"/> (the first column of the first row is a number at
/// least this) or <see cref="ExpectValue"/> (it equals this text); and/or tables that must exist.
/// </summary>
public sealed record SqlCheck : VerifyCheck
{
    public required string Source { get; init; }

    public string? Query { get; init; }

    public long? ExpectRows { get; init; }

    public long? ExpectMin { get; init; }

    public string? ExpectValue { get; init; }

    public ValueList<string> Tables { get; init; } = [];
}

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

/// <summary>Any command, passing when it exits 0; scratch locations are in its environment.</summary>
public sealed record CommandCheck : VerifyCheck
{
    public required CommandLine Run { get; init; }
}
