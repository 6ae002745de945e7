using System.Data.Common;
using Lifeboat.Sources;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;

namespace Lifeboat.Orchestration.Restore;

/// <summary>Runs SQL against a restored source (post-restore fixes, verify checks).</summary>
public static class SqlRunner
{
    /// <exception cref="LifeboatException">The location has no database, or the statement failed.</exception>
    public static async Task<DbConnection> OpenAsync(RestoredLocation location, string source, CancellationToken cancellationToken = default)
    {
        if (location.ConnectionString is not { } connectionString)
        {
            throw new LifeboatException($"source '{source}' is not a database: SQL cannot run against it");
        }

        DbConnection connection = location.Provider switch
        {
            "postgres" => new NpgsqlConnection(connectionString),
            "mysql" => new MySqlConnection(connectionString),
            "sqlite" => new SqliteConnection(connectionString),
            var other => throw new LifeboatException($"source '{source}': unknown database provider '{other}'"),
        };

        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (DbException ex)
        {
            await connection.DisposeAsync();
            throw new LifeboatException($"cannot connect to the restored '{source}': {ex.Message}", ex);
        }
    }

    public static async Task<int> ExecuteAsync(RestoredLocation location, string source, string sql, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(location, source, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = (int)(timeout ?? TimeSpan.FromMinutes(10)).TotalSeconds;
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException ex)
        {
            throw new LifeboatException($"SQL on '{source}' failed: {ex.Message}", ex);
        }
    }

    /// <summary>Runs a query and returns every row as strings (null for SQL NULL).</summary>
    public static async Task<List<string?[]>> QueryAsync(RestoredLocation location, string source, string sql, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(location, source, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = (int)(timeout ?? TimeSpan.FromMinutes(10)).TotalSeconds;
        var rows = new List<string?[]>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new string?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
                }

                rows.Add(row);
            }
        }
        catch (DbException ex)
        {
            throw new LifeboatException($"query on '{source}' failed: {ex.Message}", ex);
        }

        return rows;
    }
}
