namespace Lifeboat.Manifest;

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
