using Lifeboat.Testing;

namespace Lifeboat.Sources.Tests;

/// <summary>One PostgreSQL server for every test class in <see cref="TestCollections.PostgreSql"/>.</summary>
[CollectionDefinition(TestCollections.PostgreSql)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlServer>;
