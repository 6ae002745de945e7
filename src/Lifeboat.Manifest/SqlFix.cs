namespace Lifeboat.Manifest;

/// <summary>SQL run against a restored database source (<c>source: db</c>, <c>sql: "..."</c>).</summary>
public sealed record SqlFix : PostRestoreStep
{
    /// <summary>The database source of this service.</summary>
    public required string Source { get; init; }

    public required string Sql { get; init; }
}
