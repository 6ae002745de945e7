using System.Text;
using Lifeboat.Testing;
using Npgsql;

namespace Lifeboat.Testing.Services;

/// <summary>What an operator compares after a PostgreSQL restore: every table's row count and the md5 of its rows in order.</summary>
public static class PostgreSqlChecksums
{
    public const string NoSuchDatabase = "no such database";

    public static async Task<string> OfAsync(PostgreSqlServer server, string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString(database)) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return NoSuchDatabase;
        }

        var tables = new List<string>();
        await using (var command = new NpgsqlCommand(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new StringBuilder();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT count(*) || ' rows md5 ' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t", connection);
            text.Append(table).Append(' ').AppendLine((string?)await command.ExecuteScalarAsync());
        }

        return text.ToString();
    }

    /// <summary>Names of the databases on the server that start with <paramref name="prefix"/>.</summary>
    public static async Task<List<string>> DatabasesAsync(PostgreSqlServer server, string prefix)
    {
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString("postgres")) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE starts_with(datname, @prefix) ORDER BY 1", connection);
        command.Parameters.AddWithValue("prefix", prefix);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
