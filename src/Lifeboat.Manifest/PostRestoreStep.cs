namespace Lifeboat.Manifest;

/// <summary>
/// A fix run after a restore, in declared order, with its description printed as it runs: SQL against
/// one of the service's database sources (<see cref="SqlFix"/>) or a command (<see cref="CommandFix"/>).
/// </summary>
public abstract record PostRestoreStep : INamed
{
    public required string Name { get; init; }

    public string? Description { get; init; }
}

/// <summary>SQL run against a restored database source (<c>source: db</c>, <c>sql: "..."</c>).</summary>
public sealed record SqlFix : PostRestoreStep
{
    /// <summary>The database source of this service.</summary>
    public required string Source { get; init; }

    public required string Sql { get; init; }
}

/// <summary>A command run on the host (<c>run: [chown, -R, "wiki:", /srv/wiki/data]</c>).</summary>
public sealed record CommandFix : PostRestoreStep
{
    public required CommandLine Run { get; init; }
}
