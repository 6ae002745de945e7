using System.Text;
using Npgsql;

namespace Lifeboat.Sources.Tests.PostgreSql;

/// <summary>
/// What a user would compare after a restore: the database's owner and encoding, every table's owner,
/// row count and md5 of its rows in order, sequences, views, functions and triggers.
/// </summary>
internal static class PostgreSqlFingerprint
{
    public static async Task<string> OfAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return "no such database";
        }

        var text = new StringBuilder();
        await AppendAsync(connection, text, "SELECT 'database owner ' || pg_get_userbyid(datdba) || ' encoding ' || pg_encoding_to_char(encoding) || ' collate ' || datcollate FROM pg_database WHERE datname = current_database()");
        var tables = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT format('%I.%I', schemaname, tablename), tableowner FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
                text.Append("table ").Append(reader.GetString(0)).Append(" owner ").AppendLine(reader.GetString(1));
            }
        }

        foreach (var table in tables)
        {
            await AppendAsync(connection, text, $"SELECT '{table.Replace("'", "''", StringComparison.Ordinal)} ' || count(*) || ' rows md5 ' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t");
        }

        await AppendAsync(connection, text, "SELECT 'sequence ' || sequencename || ' ' || coalesce(last_value, 0) FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1");
        await AppendAsync(connection, text, "SELECT 'view ' || viewname || ' ' || md5(definition) FROM pg_views WHERE schemaname = 'public' ORDER BY 1");
        await AppendAsync(connection, text, "SELECT 'function ' || p.proname || ' ' || md5(p.prosrc) || ' owner ' || pg_get_userbyid(p.proowner) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1");
        await AppendAsync(connection, text, "SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1");
        await AppendAsync(connection, text, "SELECT 'grant ' || grantee || ' ' || table_name || ' ' || privilege_type FROM information_schema.role_table_grants WHERE table_schema = 'public' AND grantee <> 'postgres' ORDER BY 1");
        return text.ToString();
    }

    private static async Task AppendAsync(NpgsqlConnection connection, StringBuilder text, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            text.AppendLine(reader.IsDBNull(0) ? "NULL" : reader.GetString(0));
        }
    }
}
