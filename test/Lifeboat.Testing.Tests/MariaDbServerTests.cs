using System.Data.Common;
using Lifeboat.Testing;
using MySqlConnector;
using Xunit.Abstractions;

namespace Lifeboat.Testing.Tests;

[Collection(TestCollections.MariaDb)]
public sealed class MariaDbServerTests(MariaDbServer server, ITestOutputHelper output)
    : DatabaseServerTests<MariaDbServer>(server, output)
{
    protected override string RejectedPasswordSqlState => "28000";

    [Fact]
    public async Task Mariadb_dump_and_client_work_with_the_client_environment()
    {
        var database = await Server.CreateUniqueDatabaseAsync("dump");
        await Server.ExecuteAsync(database, "CREATE TABLE items (id INT PRIMARY KEY, name TEXT); INSERT INTO items VALUES (1, 'one'), (2, 'two')");

        var dump = (await ProcessRunner.RunAsync(
            MariaDbServer.FindProgram("mariadb-dump"), [.. Server.ClientArguments, database],
            new ProcessOptions { Environment = Server.ClientEnvironment })).EnsureSuccess();
        var restored = await Server.CreateUniqueDatabaseAsync("restored");
        (await ProcessRunner.RunAsync(
            MariaDbServer.FindProgram("mariadb"), [.. Server.ClientArguments, restored],
            new ProcessOptions { Environment = Server.ClientEnvironment, Input = dump.StandardOutputBytes })).EnsureSuccess();

        Assert.Contains("CREATE TABLE `items`", dump.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("one,two", await Server.ScalarAsync<string>(restored, "SELECT GROUP_CONCAT(name ORDER BY id) FROM items"));
    }

    [Fact]
    public async Task The_unix_socket_takes_the_password_too()
    {
        var builder = new MySqlConnectionStringBuilder
        {
            Server = Server.SocketPath,
            ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
            UserID = Server.Username,
            Password = Server.Password,
            Pooling = false,
        };
        await using var connection = new MySqlConnection(builder.ConnectionString);

        await connection.OpenAsync();

        builder.Password = "";
        await using var rejected = new MySqlConnection(builder.ConnectionString);
        var exception = await Assert.ThrowsAsync<MySqlException>(() => rejected.OpenAsync());
        Assert.Equal(MySqlErrorCode.AccessDenied, exception.ErrorCode);
    }

    [Fact]
    public async Task Only_the_password_protected_root_accounts_remain()
    {
        var accounts = await Server.ScalarAsync<string>(
            "mysql", "SELECT GROUP_CONCAT(CONCAT(User, '@', Host) ORDER BY Host) FROM mysql.user WHERE User <> 'mariadb.sys'");

        Assert.Equal("root@127.0.0.1,root@localhost", accounts);
    }

    [Fact]
    public void Version_is_read_from_the_server()
    {
        Assert.True(Server.Version >= new Version(10, 3), $"version {Server.Version}");
        Assert.StartsWith(Server.Version.ToString(), Server.VersionText, StringComparison.Ordinal);
    }

    protected override DbConnection CreateConnection(MariaDbServer server, string database, string password) =>
        new MySqlConnection(new MySqlConnectionStringBuilder
        {
            Server = server.Host,
            Port = checked((uint)server.Port),
            UserID = server.Username,
            Password = password,
            Database = database,
            Pooling = false,
        }.ConnectionString);

    protected override async Task<string> QueryWithClientAsync(MariaDbServer server, string database, string sql)
    {
        var result = await ProcessRunner.RunAsync(
            MariaDbServer.FindProgram("mariadb"), [.. server.ClientArguments, "--batch", "--skip-column-names", "--execute", sql, database],
            new ProcessOptions { Environment = server.ClientEnvironment });
        return result.EnsureSuccess().StandardOutput.Trim();
    }
}
