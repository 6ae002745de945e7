namespace Lifeboat.Testing;

/// <summary>One entry of <c>restic snapshots --json</c>.</summary>
public sealed record ResticSnapshot(
    string Id,
    string ShortId,
    DateTimeOffset Time,
    string Tree,
    IReadOnlyList<string> Paths,
    string Hostname,
    string? Username,
    IReadOnlyList<string>? Tags,
    string? Parent);
