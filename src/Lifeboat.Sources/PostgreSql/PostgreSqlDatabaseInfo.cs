using System.Text.Json.Nodes;
using Npgsql;

namespace Lifeboat.Sources.PostgreSql;

/// <summary>
/// What a restore needs to recreate a database as it was: owner, encoding and locale.
/// <see cref="LocaleProvider"/> is "libc", "icu" or "builtin" (PostgreSQL 15+, null before);
/// <see cref="Locale"/> the ICU or builtin locale when that provider is used.
/// </summary>
public sealed record PostgreSqlDatabaseInfo(
    string Name,
    string Owner,
    string Encoding,
    string Collate,
    string CType,
    string? LocaleProvider,
    string? Locale,
    PostgreSqlVersion ServerVersion)
{
    /// <summary>Reads the settings of the database <paramref name="connection"/> is connected to.</summary>
    public static async Task<PostgreSqlDatabaseInfo> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var server = await ServerVersionAsync(connection, cancellationToken);
        var locale = server.Major switch
        {
            >= 17 => "d.datlocprovider::text, d.datlocale",
            >= 15 => "d.datlocprovider::text, d.daticulocale",
            _ => "NULL::text, NULL::text",
        };
        await using var command = new NpgsqlCommand(
            $"""
            SELECT d.datname, pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, {locale}
            FROM pg_database d WHERE d.datname = current_database()
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var provider = reader.IsDBNull(5) ? null : reader.GetString(5) switch
        {
            "c" => "libc",
            "i" => "icu",
            "b" => "builtin",
            var other => other,
        };
        return new PostgreSqlDatabaseInfo(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            provider,
            reader.IsDBNull(6) ? null : reader.GetString(6),
            server);
    }

    public static async Task<PostgreSqlVersion> ServerVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int, current_setting('server_version')", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return PostgreSqlVersion.FromVersionNumber(reader.GetInt32(0), reader.GetString(1).Split(' ')[0]);
    }

    /// <summary>Writes these settings into a source's description.</summary>
    public void WriteTo(JsonObject description)
    {
        ArgumentNullException.ThrowIfNull(description);
        description["database"] = Name;
        description["owner"] = Owner;
        description["encoding"] = Encoding;
        description["collate"] = Collate;
        description["ctype"] = CType;
        if (LocaleProvider is not null)
        {
            description["locale_provider"] = LocaleProvider;
        }

        if (Locale is not null)
        {
            description["locale"] = Locale;
        }

        description["server_version"] = ServerVersion.Text;
    }

    /// <summary>The settings a description recorded (the server version is not needed to recreate).</summary>
    public static PostgreSqlDatabaseInfo ReadFrom(JsonObject description, string source) => new(
        description.RequireString("database", source),
        description.RequireString("owner", source),
        description.RequireString("encoding", source),
        description.RequireString("collate", source),
        description.RequireString("ctype", source),
        description.GetString("locale_provider"),
        description.GetString("locale"),
        new PostgreSqlVersion(0, 0, description.GetString("server_version") ?? "unknown"));
}
