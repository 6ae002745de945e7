namespace Lifeboat.Cli.Tests;

/// <summary>How many packs, index files, snapshots and locks a repository holds.</summary>
public readonly record struct RepositoryCounts(int Packs, int Index, int Snapshots, int Locks);
