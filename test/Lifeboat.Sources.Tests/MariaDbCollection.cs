using Lifeboat.Testing;

namespace Lifeboat.Sources.Tests;

/// <summary>One MariaDB server for every test class in <see cref="TestCollections.MariaDb"/>.</summary>
[CollectionDefinition(TestCollections.MariaDb)]
public sealed class MariaDbCollection : ICollectionFixture<MariaDbServer>;
