using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MySqlConnector;

namespace Lifeboat.Sources.Tests.MySql;

/// <summary>
/// What a user would compare after a restore: the database's character set, every table's row count
/// and a hash of its rows in order, views, routines, triggers and events with their definitions.
/// </summary>
internal static class MariaDbFingerprint
{
    public static async Task<string> OfAsync(string connectionString)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString) { Pooling = false };
        var database = builder.Database;
        builder.Database = "";
        await using var connection = new MySqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        var text = new StringBuilder();
        if (!await AppendAsync(connection, text, "SELECT CONCAT('charset ', DEFAULT_CHARACTER_SET_NAME, ' ', DEFAULT_COLLATION_NAME) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = @db", database))
        {
            return "no such database";
        }

        var tables = new List<string>();
        await using (var command = new MySqlCommand("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1", connection))
        {
            command.Parameters.AddWithValue("@db", database);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

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
            text.AppendLine(CultureInfo.InvariantCulture, $"table {table} {rows.Count} rows {hash}");
        }

        await AppendAsync(connection, text, "SELECT CONCAT('view ', TABLE_NAME, ' ', MD5(REPLACE(VIEW_DEFINITION, CONCAT('`', @db, '`.'), ''))) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = @db ORDER BY 1", database);
        await AppendAsync(connection, text, "SELECT CONCAT('routine ', ROUTINE_TYPE, ' ', ROUTINE_NAME, ' ', MD5(ROUTINE_DEFINITION)) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = @db ORDER BY 1", database);
        await AppendAsync(connection, text, "SELECT CONCAT('trigger ', TRIGGER_NAME, ' ', EVENT_MANIPULATION, ' ', EVENT_OBJECT_TABLE, ' ', MD5(ACTION_STATEMENT)) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = @db ORDER BY 1", database);
        await AppendAsync(connection, text, "SELECT CONCAT('event ', EVENT_NAME, ' ', MD5(EVENT_DEFINITION), ' ', STATUS) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = @db ORDER BY 1", database);
        return text.ToString();
    }

    private static async Task<bool> AppendAsync(MySqlConnection connection, StringBuilder text, string sql, string database)
    {
        await using var command = new MySqlCommand(sql, connection);
        command.Parameters.AddWithValue("@db", database);
        await using var reader = await command.ExecuteReaderAsync();
        var any = false;
        while (await reader.ReadAsync())
        {
            text.AppendLine(reader.GetString(0));
            any = true;
        }

        return any;
    }
}
