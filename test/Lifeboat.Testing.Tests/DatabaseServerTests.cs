using System.Data.Common;
using Lifeboat.Testing;
using Xunit.Abstractions;

namespace Lifeboat.Testing.Tests;

/// <summary>
/// What every database server fixture must do. Each fixture's test class derives from this, shares
/// the collection's server, and supplies the engine-specific parts.
/// </summary>
public abstract class DatabaseServerTests<TServer>(TServer server, ITestOutputHelper output)
    where TServer : DatabaseServer, new()
{
    /// <summary>A password that needs quoting in SQL, escaping in URLs and care in environment variables.</summary>
    private const string AwkwardPassword = "s3cret p@ss:w/rd%'\"\\ä";

    protected TServer Server => server;

    /// <summary>The SQLSTATE the server reports for a rejected password.</summary>
    protected abstract string RejectedPasswordSqlState { get; }

    /// <summary>A connection to <paramref name="database"/> over TCP with this password (not opened).</summary>
    protected abstract DbConnection CreateConnection(TServer server, string database, string password);

    /// <summary>Runs <paramref name="sql"/> with the engine's command-line client, configured only from the fixture's client environment/arguments; returns standard output trimmed.</summary>
    protected abstract Task<string> QueryWithClientAsync(TServer server, string database, string sql);

    [Fact]
    public async Task Server_starts_accepts_a_password_login_and_leaves_nothing_behind()
    {
        var owned = new TServer { Password = AwkwardPassword };
        int pid, port;
        string directory;
        try
        {
            await owned.InitializeAsync();
            pid = owned.ProcessId;
            port = owned.Port;
            directory = owned.DirectoryPath;

            Assert.True(ProcessTable.IsAlive(pid));
            Assert.True(Directory.Exists(directory));
            Assert.StartsWith(Path.GetTempPath(), directory, StringComparison.Ordinal);
            Assert.Equal(["0100007F"], ProcessTable.ListeningAddresses(port));
            if (UnixUser.IsRoot)
            {
                Assert.NotNull(owned.RunAsUser);
                Assert.Equal(UnixUser.Get(owned.RunAsUser).Uid, ProcessTable.EffectiveUid(pid));
            }

            await using (var connection = await owned.OpenConnectionAsync(owned.DefaultDatabase))
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT 41 + 1";
                Assert.Equal(42L, Convert.ToInt64(await command.ExecuteScalarAsync()));
            }

            Assert.Equal("1", await QueryWithClientAsync(owned, owned.DefaultDatabase, "SELECT 1"));

            var url = new Uri(owned.Url(owned.DefaultDatabase));
            var userInfo = url.UserInfo.Split(':');
            Assert.Equal([owned.Username, AwkwardPassword], userInfo.Select(Uri.UnescapeDataString));
            Assert.Equal(("127.0.0.1", port, "/" + owned.DefaultDatabase), (url.Host, url.Port, url.AbsolutePath));
        }
        finally
        {
            await owned.DisposeAsync();
        }

        output.WriteLine($"{owned}: started in {owned.StartDuration.TotalMilliseconds:0} ms, stopped in {owned.StopDuration.TotalMilliseconds:0} ms");
        Assert.True(await ProcessTable.WaitUntilGoneAsync(pid), $"server process {pid} is still running");
        Assert.Empty(ProcessTable.ProcessesWorkingIn(directory));
        Assert.True(await FreePort.IsClosedAsync(port), $"something still listens on port {port}");
        Assert.False(Directory.Exists(directory), $"{directory} is still there");
        await owned.DisposeAsync();  // idempotent
    }

    [Fact]
    public async Task A_server_that_cannot_start_in_time_fails_with_the_reason_and_cleans_up()
    {
        var doomed = new TServer { StartTimeout = TimeSpan.FromMilliseconds(100) };

        var exception = await Assert.ThrowsAsync<ServerStartException>(doomed.InitializeAsync);

        Assert.Contains("did not start within", exception.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(doomed.DirectoryPath));
        await doomed.DisposeAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_rejected()
    {
        await using var connection = CreateConnection(server, server.DefaultDatabase, server.Password + "-wrong");

        var exception = await Assert.ThrowsAnyAsync<DbException>(() => connection.OpenAsync());

        Assert.Equal(RejectedPasswordSqlState, exception.SqlState);
    }

    [Fact]
    public async Task The_right_password_opens_a_connection_built_from_the_parts()
    {
        await using var connection = CreateConnection(server, server.DefaultDatabase, server.Password);

        await connection.OpenAsync();

        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
    }

    [Fact]
    public async Task A_created_database_stores_and_returns_rows()
    {
        var database = await server.CreateUniqueDatabaseAsync("rows");

        await server.ExecuteAsync(database, "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL)");
        var inserted = await server.ExecuteAsync(database, "INSERT INTO items (id, name) VALUES (1, 'one'), (2, 'two'), (3, 'three')");

        Assert.Equal(3, inserted);
        Assert.Equal(3L, await server.ScalarAsync<long>(database, "SELECT COUNT(*) FROM items"));
        Assert.Equal("two", await server.ScalarAsync<string>(database, "SELECT name FROM items WHERE id = 2"));
        Assert.Null(await server.ScalarAsync<string>(database, "SELECT name FROM items WHERE id = 4"));
        var names = new List<string>();
        await using (var connection = await server.OpenConnectionAsync(database))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM items ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["one", "two", "three"], names);
        Assert.Equal("3", await QueryWithClientAsync(server, database, "SELECT COUNT(*) FROM items"));
    }

    [Fact]
    public async Task Database_names_are_quoted()
    {
        const string name = "odd-name with space";

        await server.CreateDatabaseAsync(name);
        await server.ExecuteAsync(name, "CREATE TABLE t (x INT)");

        Assert.Equal(0L, await server.ScalarAsync<long>(name, "SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void The_shared_server_is_running_on_loopback()
    {
        Assert.Equal("127.0.0.1", server.Host);
        Assert.True(ProcessTable.IsAlive(server.ProcessId));
        SharedServerIds.AssertSame(typeof(TServer).Name, server.ProcessId);
        Assert.Equal(["0100007F"], ProcessTable.ListeningAddresses(server.Port));
        output.WriteLine($"{server}: started in {server.StartDuration.TotalMilliseconds:0} ms as {server.RunAsUser ?? "the current user"}");
    }
}
