using MySqlConnector;

namespace Lifeboat.Sources.MySql;

/// <summary>Server-level statements a restore runs (create, drop, end sessions), over one unpooled connection. Not thread-safe.</summary>
internal sealed class MySqlServerAdmin : IAsyncDisposable
{
    private readonly MySqlConnection _connection;
    private readonly string _source;

    private MySqlServerAdmin(MySqlConnection connection, MySqlEndpoint endpoint, string source)
    {
        _connection = connection;
        Endpoint = endpoint;
        _source = source;
    }

    public MySqlEndpoint Endpoint { get; }

    /// <exception cref="SourceException">The server cannot be reached or refuses the login.</exception>
    public static async Task<MySqlServerAdmin> OpenAsync(MySqlEndpoint endpoint, string source, CancellationToken cancellationToken)
    {
        try
        {
            return new MySqlServerAdmin(await endpoint.OpenAsync("", cancellationToken), endpoint, source);
        }
        catch (MySqlException ex)
        {
            throw MySqlErrors.Wrap(source, endpoint, "cannot connect", ex);
        }
    }

    public static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    public async Task<bool> ExistsAsync(string database, CancellationToken cancellationToken) =>
        Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = @name", database, cancellationToken)) > 0;

    /// <summary>The names of every database on the server.</summary>
    public async Task<List<string>> DatabaseNamesAsync(CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA", _connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>True when the database has no tables, views, routines or events.</summary>
    public async Task<bool> IsEmptyAsync(string database, CancellationToken cancellationToken) =>
        Convert.ToInt64(await ScalarAsync(
            """
            SELECT (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = @name)
                 + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = @name)
                 + (SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = @name)
            """,
            database,
            cancellationToken)) == 0;

    /// <summary>The database's default character set and collation.</summary>
    public async Task<(string CharacterSet, string Collation)> CharacterSetAsync(string database, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(
            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = @name", _connection);
        command.Parameters.AddWithValue("@name", database);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetString(0), reader.GetString(1))
            : throw new SourceException(_source, $"database {database} does not exist on {Endpoint.Server}");
    }

    public async Task CreateAsync(string database, string? characterSet, string? collation, CancellationToken cancellationToken)
    {
        var sql = $"CREATE DATABASE {Quote(database)}";
        if (characterSet is not null)
        {
            sql += $" CHARACTER SET {Quote(characterSet)}";
        }

        if (collation is not null)
        {
            sql += $" COLLATE {Quote(collation)}";
        }

        await ExecuteAsync(sql, $"cannot create database {database}", cancellationToken);
    }

    /// <summary>Ends the other sessions using <paramref name="database"/>, then drops it if it exists.</summary>
    public async Task DropAsync(string database, CancellationToken cancellationToken)
    {
        await KillSessionsAsync(database, cancellationToken);
        await ExecuteAsync($"DROP DATABASE IF EXISTS {Quote(database)}", $"cannot drop database {database}", cancellationToken);
    }

    public async Task KillSessionsAsync(string database, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        await using (var command = new MySqlCommand("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = @name AND ID <> CONNECTION_ID()", _connection))
        {
            command.Parameters.AddWithValue("@name", database);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(Convert.ToInt64(reader.GetValue(0)));
            }
        }

        foreach (var id in ids)
        {
            try
            {
                await using var kill = new MySqlCommand($"KILL {id}", _connection);
                await kill.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.NoSuchThread)
            {
                // it ended by itself
            }
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task ExecuteAsync(string sql, string doing, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new MySqlCommand(sql, _connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (MySqlException ex)
        {
            throw MySqlErrors.Wrap(_source, Endpoint, doing, ex);
        }
    }

    private async Task<object?> ScalarAsync(string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, _connection);
        command.Parameters.AddWithValue("@name", name);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
