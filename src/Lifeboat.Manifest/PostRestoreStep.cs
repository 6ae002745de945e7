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
