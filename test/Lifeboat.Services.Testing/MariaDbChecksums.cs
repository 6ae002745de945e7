using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lifeboat.Testing;
using MySqlConnector;

namespace Lifeboat.Testing.Services;

/// <summary>What an operator compares after a MariaDB restore: every table's row count and a hash of its rows in order.</summary>
public static class MariaDbChecksums
{
    public const string NoSuchDatabase = "no such database";

    public static async Task<string> OfAsync(MariaDbServer server, string database)
    {
        await using var connection = await OpenAsync(server);
        var tables = new List<string>();
        await using (var command = new MySqlCommand(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1", connection))
        {
            command.Parameters.AddWithValue("@db", database);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (tables.Count == 0 && !(await DatabasesAsync(server, database)).Contains(database))
        {
            return NoSuchDatabase;
        }

        var text = new StringBuilder();
        foreach (var table in tables)
        {
            var rows = new List<string>();
            await using var command = new MySqlCommand($"SELECT * FROM `{database}`.`{table}`", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var fields = new string[reader.FieldCount];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) switch
                    {
                        byte[] bytes => Convert.ToHexString(bytes),
                        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                        var value => value.ToString() ?? "",
                    };
                }

                rows.Add(string.Join('\u001f', fields));
            }

            rows.Sort(StringComparer.Ordinal);
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001e', rows))));
            text.AppendLine(CultureInfo.InvariantCulture, $"{table} {rows.Count} rows sha256 {hash}");
        }

        return text.ToString();
    }

    /// <summary>Names of the databases on the server that start with <paramref name="prefix"/>.</summary>
    public static async Task<List<string>> DatabasesAsync(MariaDbServer server, string prefix)
    {
        await using var connection = await OpenAsync(server);
        await using var command = new MySqlCommand("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE CONCAT(@prefix, '%') ORDER BY 1", connection);
        command.Parameters.AddWithValue("@prefix", prefix.Replace("_", "\\_", StringComparison.Ordinal));
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<MySqlConnection> OpenAsync(MariaDbServer server)
    {
        var builder = new MySqlConnectionStringBuilder(server.ConnectionString("")) { Pooling = false };
        var connection = new MySqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
