using System.Data.Common;
using Lifeboat.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Lifeboat.Testing.Tests;

[Collection(TestCollections.PostgreSql)]
public sealed class PostgreSqlServerTests(PostgreSqlServer server, ITestOutputHelper output)
    : DatabaseServerTests<PostgreSqlServer>(server, output)
{
    protected override string RejectedPasswordSqlState => PostgresErrorCodes.InvalidPassword;

    [Fact]
    public async Task Pg_dump_and_psql_work_with_the_client_environment()
    {
        var database = await Server.CreateUniqueDatabaseAsync("dump");
        await Server.ExecuteAsync(database, "CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items VALUES (1, 'one'), (2, 'two')");

        var dump = (await ProcessRunner.RunAsync(Server.Tool("pg_dump"), [database], new ProcessOptions { Environment = Server.ClientEnvironment })).EnsureSuccess();
        var restored = await Server.CreateUniqueDatabaseAsync("restored");
        (await ProcessRunner.RunAsync(
            Server.Tool("psql"), ["--no-psqlrc", "--set", "ON_ERROR_STOP=1", "--quiet", "--dbname", restored],
            new ProcessOptions { Environment = Server.ClientEnvironment, Input = dump.StandardOutputBytes })).EnsureSuccess();

        Assert.Contains("CREATE TABLE public.items", dump.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("one,two", await Server.ScalarAsync<string>(restored, "SELECT string_agg(name, ',' ORDER BY id) FROM items"));
    }

    [Fact]
    public async Task Psql_accepts_the_url()
    {
        var result = await ProcessRunner.RunAsync(Server.Tool("psql"), ["--no-psqlrc", "-XAtc", "SELECT current_user", Server.Url("postgres")]);

        Assert.Equal("postgres", result.EnsureSuccess().StandardOutput.Trim());
    }

    [Fact]
    public async Task The_unix_socket_takes_the_password_too()
    {
        var builder = new NpgsqlConnectionStringBuilder(Server.ConnectionString()) { Host = Server.SocketDirectory, Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);

        await connection.OpenAsync();

        builder.Password = "wrong";
        await using var rejected = new NpgsqlConnection(builder.ConnectionString);
        var exception = await Assert.ThrowsAsync<PostgresException>(() => rejected.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, exception.SqlState);
    }

    [Fact]
    public async Task Version_and_bin_directory_belong_together()
    {
        var reported = await ProcessRunner.RunAsync(Server.Tool("postgres"), ["--version"]);

        Assert.True(Server.Version >= 10, $"version {Server.Version}");
        Assert.Contains($" {Server.Version}.", reported.EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        Assert.Equal(Server.BinDirectory, PostgreSqlServer.FindBinDirectory());
    }

    protected override DbConnection CreateConnection(PostgreSqlServer server, string database, string password) =>
        new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = server.Host,
            Port = server.Port,
            Username = server.Username,
            Password = password,
            Database = database,
            Pooling = false,
        }.ConnectionString);

    protected override async Task<string> QueryWithClientAsync(PostgreSqlServer server, string database, string sql)
    {
        var result = await ProcessRunner.RunAsync(
            server.Tool("psql"), ["--no-psqlrc", "--no-align", "--tuples-only", "--dbname", database, "--command", sql],
            new ProcessOptions { Environment = server.ClientEnvironment });
        return result.EnsureSuccess().StandardOutput.Trim();
    }
}
