using Lifeboat.Testing;

namespace Lifeboat.Testing.Tests;

[Collection(TestCollections.MariaDb)]
public sealed class SharedMariaDbServerTests(MariaDbServer server)
{
    [Fact]
    public async Task A_class_in_the_collection_gets_the_running_server_and_its_own_database()
    {
        SharedServerIds.AssertSame(nameof(MariaDbServer), server.ProcessId);

        var database = await server.CreateUniqueDatabaseAsync("shared");

        Assert.Equal(database, await server.ScalarAsync<string>(database, "SELECT DATABASE()"));
    }
}
