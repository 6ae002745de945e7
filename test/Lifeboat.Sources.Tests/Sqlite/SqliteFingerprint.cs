using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Lifeboat.Sources.Tests.Sqlite;

/// <summary>An SQLite database as a user would compare it: integrity, and each table's rows hashed in order.</summary>
internal static class SqliteFingerprint
{
    public static string Of(string path)
    {
        if (!File.Exists(path))
        {
            return "missing";
        }

        try
        {
            using var connection = Open(path);
            var text = new StringBuilder();
            text.AppendLine("integrity " + Scalar(connection, "PRAGMA integrity_check"));
            var tables = new List<string>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    text.AppendLine(reader.GetString(0) + " " + (reader.IsDBNull(1) ? "" : reader.GetString(1)));
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (var table in tables.Where(t => Scalar(connection, $"SELECT type FROM sqlite_schema WHERE name = '{t}'") == "table"))
            {
                var rows = new List<string>();
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var fields = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) switch
                    {
                        byte[] bytes => Convert.ToHexString(bytes),
                        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                        var v => v.ToString(),
                    });
                    rows.Add(string.Join('\u001f', fields));
                }

                rows.Sort(StringComparer.Ordinal);
                text.AppendLine(CultureInfo.InvariantCulture, $"{table} {rows.Count} rows {Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001e', rows))))}");
            }

            return text.ToString();
        }
        catch (SqliteException ex)
        {
            return "unreadable: " + ex.Message;
        }
    }

    public static SqliteConnection Open(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWrite)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static string Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }

    public static void Execute(string path, string sql)
    {
        using var connection = Open(path, SqliteOpenMode.ReadWriteCreate);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
