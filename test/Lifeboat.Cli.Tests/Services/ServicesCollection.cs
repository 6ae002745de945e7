using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Services;

/// <summary>
/// One PostgreSQL and one MariaDB server for every CLI test class of the service commands; the tests
/// of one collection run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServicesCollection : ICollectionFixture<PostgreSqlServer>, ICollectionFixture<MariaDbServer>
{
    public const string Name = "Service commands: PostgreSQL and MariaDB servers";
}
