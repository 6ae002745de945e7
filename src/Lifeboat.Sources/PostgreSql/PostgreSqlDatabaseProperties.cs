using System.Text;
using System.Text.Json.Nodes;
using Npgsql;

namespace Lifeboat.Sources.PostgreSql;

/// <summary>
/// What belongs to a database itself rather than to its contents, and what pg_dump therefore leaves out
/// unless the dump recreates the database (<c>--create</c>): <c>ALTER DATABASE ... SET</c> settings, settings
/// of a role in that database (<c>ALTER ROLE ... IN DATABASE ... SET</c>), the database's privileges
/// (<c>GRANT ... ON DATABASE</c>), its connection limit and its comment. Recorded at backup in the source's
/// description and applied to the database a restore creates before it is swapped in.
/// </summary>
public sealed record PostgreSqlDatabaseProperties(
    IReadOnlyList<string> Settings,
    IReadOnlyList<(string Role, string Setting)> RoleSettings,
    IReadOnlyList<string>? Acl,
    int ConnectionLimit,
    string? Comment)
{
    // Settings whose value is a list of names, each quoted on its own (as pg_dump writes them).
    private static readonly HashSet<string> ListSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "search_path", "temp_tablespaces", "session_preload_libraries", "shared_preload_libraries",
        "local_preload_libraries", "unix_socket_directories",
    };

    public static PostgreSqlDatabaseProperties None { get; } = new([], [], null, -1, null);

    public bool IsEmpty => Settings.Count == 0 && RoleSettings.Count == 0 && Acl is null && ConnectionLimit == -1 && Comment is null;

    /// <summary>Reads the properties of the database <paramref name="connection"/> is connected to.</summary>
    public static async Task<PostgreSqlDatabaseProperties> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(
            """
            SELECT d.datconnlimit, d.datacl::text[], shobj_description(d.oid, 'pg_database'),
                   COALESCE((SELECT s.setconfig FROM pg_db_role_setting s WHERE s.setdatabase = d.oid AND s.setrole = 0), '{}'::text[]),
                   COALESCE(r.roles, '{}'::text[]), COALESCE(r.settings, '{}'::text[])
            FROM pg_database d
            LEFT JOIN LATERAL (
                SELECT array_agg(pg_get_userbyid(s.setrole)::text ORDER BY s.setrole, c.n) AS roles, array_agg(c.setting ORDER BY s.setrole, c.n) AS settings
                FROM pg_db_role_setting s, unnest(s.setconfig) WITH ORDINALITY AS c(setting, n)
                WHERE s.setdatabase = d.oid AND s.setrole <> 0) r ON true
            WHERE d.datname = current_database()
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        // Roles and their settings come as two arrays in one order: a role name may hold '='.
        var roleSettings = reader.GetFieldValue<string[]>(4).Zip(reader.GetFieldValue<string[]>(5)).ToList();
        return new PostgreSqlDatabaseProperties(
            reader.GetFieldValue<string[]>(3),
            roleSettings,
            reader.IsDBNull(1) ? null : reader.GetFieldValue<string[]>(1),
            reader.GetInt32(0),
            reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    /// <summary>Writes the properties into a source's description (nothing when the database has none).</summary>
    public void WriteTo(JsonObject description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (Settings.Count > 0)
        {
            description["settings"] = new JsonArray([.. Settings.Select(s => (JsonNode)s)]);
        }

        if (RoleSettings.Count > 0)
        {
            description["role_settings"] = new JsonArray([.. RoleSettings.Select(s => (JsonNode)new JsonObject { ["role"] = s.Role, ["setting"] = s.Setting })]);
        }

        if (Acl is not null)
        {
            description["acl"] = new JsonArray([.. Acl.Select(a => (JsonNode)a)]);
        }

        if (ConnectionLimit != -1)
        {
            description["connection_limit"] = ConnectionLimit;
        }

        if (Comment is not null)
        {
            description["comment"] = Comment;
        }
    }

    /// <summary>The properties a description recorded (none for snapshots made before they were).</summary>
    public static PostgreSqlDatabaseProperties ReadFrom(JsonObject description)
    {
        ArgumentNullException.ThrowIfNull(description);
        static List<string> Strings(JsonNode? node) => node is JsonArray array ? [.. array.Select(n => n!.GetValue<string>())] : [];
        return new PostgreSqlDatabaseProperties(
            Strings(description["settings"]),
            description["role_settings"] is JsonArray roles
                ? [.. roles.Select(r => (r!["role"]!.GetValue<string>(), r["setting"]!.GetValue<string>()))]
                : [],
            description["acl"] is JsonArray ? Strings(description["acl"]) : null,
            description["connection_limit"]?.GetValue<int>() ?? -1,
            description.GetString("comment"));
    }

    /// <summary>
    /// <c>name TO value</c> for one <c>name=value</c> entry of <c>setconfig</c>: the value as one literal, or
    /// for list settings (search_path) each element as its own literal, as pg_dump writes them.
    /// </summary>
    public static string SetClause(string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        var name = setting[..equals];
        var value = setting[(equals + 1)..];
        if (!ListSettings.Contains(name))
        {
            return $"{Identifier(name)} TO {PostgreSqlServerAdmin.Literal(value)}";
        }

        var elements = SplitList(value);
        return $"{Identifier(name)} TO {(elements.Count == 0 ? "''" : string.Join(", ", elements.Select(PostgreSqlServerAdmin.Literal)))}";
    }

    /// <summary>One <c>grantee=privileges/grantor</c> item of an ACL: the grantee (null for PUBLIC) and the privileges with and without grant option.</summary>
    public static (string? Grantee, IReadOnlyList<string> Privileges, IReadOnlyList<string> WithGrantOption) ParseAclItem(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var (grantee, rest) = ReadName(item, 0);
        if (rest >= item.Length || item[rest] != '=')
        {
            throw new FormatException($"not an ACL item: {item}");
        }

        List<string> plain = [], granted = [];
        for (var i = rest + 1; i < item.Length && item[i] != '/'; i++)
        {
            var privilege = item[i] switch
            {
                'C' => "CREATE",
                'T' => "TEMPORARY",
                'c' => "CONNECT",
                _ => throw new FormatException($"unknown database privilege '{item[i]}' in {item}"),
            };
            if (i + 1 < item.Length && item[i + 1] == '*')
            {
                granted.Add(privilege);
                i++;
            }
            else
            {
                plain.Add(privilege);
            }
        }

        return (grantee.Length == 0 ? null : grantee, plain, granted);
    }

    // A setting name may hold a dot (a custom setting: app.tenant); each part is an identifier.
    private static string Identifier(string name) => string.Join('.', name.Split('.').Select(PostgreSqlServerAdmin.Quote));

    private static List<string> SplitList(string value)
    {
        var elements = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var any = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < value.Length && value[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
                any = true;
            }
            else if (c == ',')
            {
                elements.Add(current.ToString());
                current.Clear();
                any = false;
            }
            else if (!char.IsWhiteSpace(c))
            {
                current.Append(c); // unquoted names hold no white space
            }
        }

        if (current.Length > 0 || any || elements.Count > 0)
        {
            elements.Add(current.ToString());
        }

        return elements;
    }

    private static (string Name, int Next) ReadName(string text, int start)
    {
        if (start < text.Length && text[start] == '"')
        {
            var name = new StringBuilder();
            var i = start + 1;
            while (i < text.Length)
            {
                if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    name.Append('"');
                    i += 2;
                }
                else if (text[i] == '"')
                {
                    return (name.ToString(), i + 1);
                }
                else
                {
                    name.Append(text[i++]);
                }
            }

            throw new FormatException($"unterminated name in {text}");
        }

        var end = text.IndexOf('=', start);
        return end < 0 ? (text[start..], text.Length) : (text[start..end], end);
    }
}
