using System.Text;
using Lifeboat.Manifest;
using Lifeboat.Sources.Processes;
using Npgsql;

namespace Lifeboat.Sources.PostgreSql;

/// <summary>
/// Where a PostgreSQL server is and how to log in: built from a <c>postgres://</c> URL and a password
/// (from the manifest's secret, or the URL's own). Gives Npgsql connection strings (password included,
/// for this process only) and libpq connection strings for the client tools (never with the password:
/// it travels in the tools' PGPASSWORD). Without a password, libpq's own means apply (.pgpass, peer).
/// </summary>
public sealed class PostgreSqlEndpoint
{
    /// <summary>libpq's default socket directory on Debian and most distributions.</summary>
    private const string DefaultSocketDirectory = "/var/run/postgresql";

    private static readonly string[] IgnoredParameters = ["host", "port", "user", "password", "dbname"];

    private readonly SecretValue? _password;

    private PostgreSqlEndpoint(string host, int? port, string? user, SecretValue? password, string database, IReadOnlyDictionary<string, string> parameters)
    {
        Host = host;
        Port = port;
        User = user;
        _password = password;
        Database = database;
        Parameters = parameters;
        Scrubber = new SecretScrubber([password?.Reveal()]);
    }

    /// <summary>Host name(s) or a socket directory; "" for libpq's default socket.</summary>
    public string Host { get; }

    public int? Port { get; }

    public string? User { get; }

    /// <summary>The database of the URL ("" when it names none).</summary>
    public string Database { get; }

    /// <summary>The URL's other parameters (sslmode, connect_timeout, ...), passed to libpq as they are.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    public bool HasPassword => _password is not null;

    /// <summary>Scrubs this endpoint's password from tool and driver messages.</summary>
    public SecretScrubber Scrubber { get; }

    /// <summary>The server as messages name it: <c>127.0.0.1:5432</c>.</summary>
    public string Server => $"{(Host.Length == 0 ? DefaultSocketDirectory : Host)}{(Port is { } p ? ":" + p : "")}";

    /// <summary>Resolves the password (the manifest's secret wins over the URL's).</summary>
    /// <exception cref="ConfigurationException">The secret cannot be read.</exception>
    public static async Task<PostgreSqlEndpoint> ResolveAsync(ConnectionUrl url, SecretRef? password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var secret = password is null ? url.Password : await password.ResolveAsync(cancellationToken);
        var parameters = url.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var host = url.Host.Length > 0 ? url.Host : parameters.GetValueOrDefault("host", "");
        var port = url.Port ?? (int.TryParse(parameters.GetValueOrDefault("port"), out var p) ? p : null);
        var user = url.UserName ?? parameters.GetValueOrDefault("user");
        var database = url.Database.Length > 0 ? url.Database : parameters.GetValueOrDefault("dbname", "");
        foreach (var ignored in IgnoredParameters)
        {
            parameters.Remove(ignored);
        }

        return new PostgreSqlEndpoint(host, port, user, secret, database, parameters);
    }

    /// <summary>A server given as a URL (<c>--into</c> another server, a drill server), with its own credentials.</summary>
    public static Task<PostgreSqlEndpoint> ResolveAsync(string url, SecretRef? password, CancellationToken cancellationToken = default)
    {
        if (!ConnectionUrl.TryParse(url, out var parsed, out var error) || !parsed.IsHierarchical)
        {
            throw new ConfigurationException($"the server URL is not a postgres:// URL: {error ?? "no scheme"}");
        }

        return ResolveAsync(parsed, password, cancellationToken);
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> (with the password: never print it).</summary>
    public string ConnectionString(string database, bool pooling = false)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Host.Length > 0 ? Host : DefaultSocketDirectory,
            Database = database,
            Pooling = pooling,
            Timeout = Parameters.TryGetValue("connect_timeout", out var timeout) && int.TryParse(timeout, out var t) && t > 0 ? t : 15,
        };
        if (Port is { } port)
        {
            builder.Port = port;
        }

        if (User is not null)
        {
            builder.Username = User;
        }

        if (_password is not null)
        {
            builder.Password = _password.Reveal();
        }

        if (Parameters.TryGetValue("sslmode", out var sslMode))
        {
            builder.SslMode = sslMode switch
            {
                "disable" => SslMode.Disable,
                "allow" => SslMode.Allow,
                "prefer" => SslMode.Prefer,
                "require" => SslMode.Require,
                "verify-ca" => SslMode.VerifyCA,
                "verify-full" => SslMode.VerifyFull,
                _ => throw new ConfigurationException($"sslmode '{sslMode}' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
            };
        }

        if (Parameters.TryGetValue("sslrootcert", out var rootCertificate))
        {
            builder.RootCertificate = rootCertificate;
        }

        if (Parameters.TryGetValue("sslcert", out var certificate))
        {
            builder.SslCertificate = certificate;
        }

        if (Parameters.TryGetValue("sslkey", out var key))
        {
            builder.SslKey = key;
        }

        builder.ApplicationName = Parameters.GetValueOrDefault("application_name", "lifeboat");
        return builder.ConnectionString;
    }

    /// <summary>Opens an unpooled connection to <paramref name="database"/>.</summary>
    /// <exception cref="NpgsqlException">The server refused or cannot be reached.</exception>
    public async Task<NpgsqlConnection> OpenAsync(string database, CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(ConnectionString(database));
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A libpq connection string for <paramref name="database"/>, for <c>--dbname</c>; no password in it.</summary>
    public string ConnInfo(string database)
    {
        var parts = new List<string>();
        if (Host.Length > 0)
        {
            parts.Add(Pair("host", Host));
        }

        if (Port is { } port)
        {
            parts.Add(Pair("port", port.ToString()));
        }

        if (User is not null)
        {
            parts.Add(Pair("user", User));
        }

        parts.Add(Pair("dbname", database));
        parts.AddRange(Parameters.Select(p => Pair(p.Key, p.Value)));
        if (!Parameters.ContainsKey("application_name"))
        {
            parts.Add(Pair("application_name", "lifeboat"));
        }

        return string.Join(' ', parts);
    }

    /// <summary>The environment for pg_dump, pg_restore and psql: the password, if any, and nothing else.</summary>
    public IReadOnlyDictionary<string, string?> ToolEnvironment => _password is null
        ? new Dictionary<string, string?>()
        : new Dictionary<string, string?> { ["PGPASSWORD"] = _password.Reveal() };

    /// <summary>libpq variables pointing at <paramref name="database"/>, password included (for verify commands).</summary>
    public Dictionary<string, string> ClientEnvironment(string database)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PGDATABASE"] = database };
        if (Host.Length > 0)
        {
            environment["PGHOST"] = Host;
        }

        if (Port is { } port)
        {
            environment["PGPORT"] = port.ToString();
        }

        if (User is not null)
        {
            environment["PGUSER"] = User;
        }

        if (_password is not null)
        {
            environment["PGPASSWORD"] = _password.Reveal();
        }

        if (Parameters.TryGetValue("sslmode", out var sslMode))
        {
            environment["PGSSLMODE"] = sslMode;
        }

        return environment;
    }

    /// <summary>True when both point at the same server (same host and port).</summary>
    public bool IsSameServer(PostgreSqlEndpoint other) =>
        other is not null && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase) && (Port ?? 5432) == (other.Port ?? 5432);

    private static string Pair(string key, string value)
    {
        var escaped = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            if (c is '\'' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return $"{key}={escaped.Append('\'')}";
    }
}
