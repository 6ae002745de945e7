using Lifeboat.Testing;

namespace Lifeboat.Testing.Tests;

/// <summary>
/// A second test class in each server collection: the pattern a test project follows to share one
/// server among classes. Every class of the collection sees the same, already running server.
/// </summary>
[Collection(TestCollections.PostgreSql)]
public sealed class SharedPostgreSqlServerTests(PostgreSqlServer server)
{
    [Fact]
    public async Task A_class_in_the_collection_gets_the_running_server_and_its_own_database()
    {
        SharedServerIds.AssertSame(nameof(PostgreSqlServer), server.ProcessId);

        var database = await server.CreateUniqueDatabaseAsync("shared");

        Assert.Equal(database, await server.ScalarAsync<string>(database, "SELECT current_database()"));
    }
}
