namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>The test classes that share one <see cref="PruneHistoryFixture"/> (and so run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PruneHistoryCollection : ICollectionFixture<PruneHistoryFixture>
{
    public const string Name = "prune history";
}
