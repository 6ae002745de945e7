namespace Lifeboat.Testing;

/// <summary>
/// Names of the xunit collections that share one server among test classes. xunit only finds
/// collection definitions in the test assembly itself, so each test project that needs a server
/// declares the collection once, under this name:
/// <code>
/// [CollectionDefinition(TestCollections.PostgreSql)]
/// public sealed class PostgreSqlCollection : ICollectionFixture&lt;PostgreSqlServer&gt;;
///
/// [Collection(TestCollections.PostgreSql)]
/// public sealed class PostgreSqlSourceTests(PostgreSqlServer server)
/// {
///     [Fact]
///     public async Task Backup_of_a_table_restores_its_rows()
///     {
///         var database = await server.CreateUniqueDatabaseAsync();
///         ...
///     }
/// }
/// </code>
/// The server starts before the first test of the collection and stops after the last. Tests in one
/// collection run one after another; tests sharing a server keep apart by each using its own
/// database (<see cref="DatabaseServer.CreateUniqueDatabaseAsync"/>). A test that must own a server
/// (to stop it, say) starts one itself: <c>await using var server = new PostgreSqlServer(); await server.InitializeAsync();</c>.
/// </summary>
public static class TestCollections
{
    /// <summary>A collection sharing one <see cref="PostgreSqlServer"/>.</summary>
    public const string PostgreSql = "PostgreSQL server";

    /// <summary>A collection sharing one <see cref="MariaDbServer"/>.</summary>
    public const string MariaDb = "MariaDB server";
}
