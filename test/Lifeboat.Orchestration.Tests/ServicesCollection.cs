using Lifeboat.Testing;

namespace Lifeboat.Orchestration.Tests;

/// <summary>
/// One PostgreSQL and one MariaDB server for every test class of the service tests: services span both
/// (and SQLite, files, env and commands), and the tests of one collection run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServicesCollection : ICollectionFixture<PostgreSqlServer>, ICollectionFixture<MariaDbServer>
{
    public const string Name = "Services: PostgreSQL and MariaDB servers";
}
