namespace Lifeboat.Repository.Tests.Snapshots;

/// <summary>One <c>restic backup</c> of the history: UTC time, host, each <c>--tag</c> value, paths "A" and/or "B".</summary>
public sealed record PlannedBackup(DateTime Time, string Host, IReadOnlyList<string> Tags, IReadOnlyList<string> Paths);
