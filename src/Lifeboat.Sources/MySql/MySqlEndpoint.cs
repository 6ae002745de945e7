using Lifeboat.Manifest;
using Lifeboat.Sources.Processes;
using MySqlConnector;

namespace Lifeboat.Sources.MySql;

/// <summary>
/// Where a MySQL or MariaDB server is and how to log in: from a <c>mysql://</c> or <c>mariadb://</c> URL
/// (<c>?socket=/run/mysqld/mysqld.sock</c> for a Unix socket) and a password. Gives MySqlConnector
/// connection strings and the client tools' connection arguments; the password reaches the tools
/// only through MYSQL_PWD in their environment. Without a password, the tools' option files apply.
/// </summary>
public sealed class MySqlEndpoint
{
    private readonly SecretValue? _password;

    private MySqlEndpoint(string host, int port, string? socket, string? user, SecretValue? password, string database, IReadOnlyDictionary<string, string> parameters)
    {
        Host = host;
        Port = port;
        Socket = socket;
        User = user;
        _password = password;
        Database = database;
        Parameters = parameters;
        Scrubber = new SecretScrubber([password?.Reveal()]);
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>The Unix socket, when the URL gives one (<c>?socket=</c>).</summary>
    public string? Socket { get; }

    public string? User { get; }

    public string Database { get; }

    public IReadOnlyDictionary<string, string> Parameters { get; }

    public SecretScrubber Scrubber { get; }

    /// <summary>The server as messages name it.</summary>
    public string Server => Socket ?? $"{Host}:{Port}";

    /// <exception cref="ConfigurationException">The secret cannot be read.</exception>
    public static async Task<MySqlEndpoint> ResolveAsync(ConnectionUrl url, SecretRef? password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var secret = password is null ? url.Password : await password.ResolveAsync(cancellationToken);
        var parameters = url.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var socket = parameters.GetValueOrDefault("socket");
        var host = url.Host.Length > 0 ? url.Host : "localhost";
        return new MySqlEndpoint(host, url.Port ?? 3306, socket, url.UserName, secret, url.Database, parameters);
    }

    /// <summary>A server given as a URL (<c>--into</c> another server, a drill server).</summary>
    public static Task<MySqlEndpoint> ResolveAsync(string url, SecretRef? password, CancellationToken cancellationToken = default)
    {
        if (!ConnectionUrl.TryParse(url, out var parsed, out var error) || !parsed.IsHierarchical)
        {
            throw new ConfigurationException($"the server URL is not a mysql:// URL: {error ?? "no scheme"}");
        }

        return ResolveAsync(parsed, password, cancellationToken);
    }

    /// <summary>A MySqlConnector connection string (with the password: never print it).</summary>
    public string ConnectionString(string database)
    {
        var builder = new MySqlConnectionStringBuilder
        {
            Database = database,
            Pooling = false,
            ConnectionTimeout = 15,
            AllowUserVariables = true,
        };
        if (Socket is not null)
        {
            builder.Server = Socket;
            builder.ConnectionProtocol = MySqlConnectionProtocol.UnixSocket;
        }
        else
        {
            builder.Server = Host;
            builder.Port = checked((uint)Port);
        }

        builder.UserID = User ?? Environment.UserName;
        if (_password is not null)
        {
            builder.Password = _password.Reveal();
        }

        if (SslMode() is { } sslMode)
        {
            builder.SslMode = sslMode switch
            {
                "disabled" => MySqlSslMode.None,
                "preferred" => MySqlSslMode.Preferred,
                "required" => MySqlSslMode.Required,
                "verify_ca" => MySqlSslMode.VerifyCA,
                "verify_identity" => MySqlSslMode.VerifyFull,
                _ => throw new ConfigurationException($"ssl-mode '{sslMode}' is not one of disabled, preferred, required, verify_ca, verify_identity"),
            };
        }

        return builder.ConnectionString;
    }

    /// <exception cref="MySqlException">The server refused or cannot be reached.</exception>
    public async Task<MySqlConnection> OpenAsync(string database, CancellationToken cancellationToken = default)
    {
        var connection = new MySqlConnection(ConnectionString(database));
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

    /// <summary>Connection arguments for mariadb, mariadb-dump, mysql and mysqldump (no password).</summary>
    public IReadOnlyList<string> ToolArguments
    {
        get
        {
            var arguments = new List<string>();
            if (Socket is not null)
            {
                arguments.AddRange(["--protocol=SOCKET", $"--socket={Socket}"]);
            }
            else
            {
                arguments.AddRange(["--protocol=TCP", $"--host={Host}", $"--port={Port}"]);
            }

            if (User is not null)
            {
                arguments.Add($"--user={User}");
            }

            if (SslMode() is "required" or "verify_ca" or "verify_identity")
            {
                arguments.Add("--ssl");
            }

            return arguments;
        }
    }

    /// <summary>The tools' environment: MYSQL_PWD when there is a password.</summary>
    public IReadOnlyDictionary<string, string?> ToolEnvironment => _password is null
        ? new Dictionary<string, string?>()
        : new Dictionary<string, string?> { ["MYSQL_PWD"] = _password.Reveal() };

    /// <summary>Variables for verify commands (credentials included).</summary>
    public Dictionary<string, string> ClientEnvironment(string database)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LIFEBOAT_DATABASE"] = database,
            ["LIFEBOAT_DATABASE_USER"] = User ?? Environment.UserName,
        };
        if (Socket is not null)
        {
            environment["MYSQL_UNIX_PORT"] = Socket;
        }
        else
        {
            environment["MYSQL_HOST"] = Host;
            environment["MYSQL_TCP_PORT"] = Port.ToString();
        }

        if (_password is not null)
        {
            environment["MYSQL_PWD"] = _password.Reveal();
        }

        return environment;
    }

    public bool IsSameServer(MySqlEndpoint other) =>
        other is not null && Socket == other.Socket && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase) && Port == other.Port;

    private string? SslMode() => (Parameters.GetValueOrDefault("ssl-mode") ?? Parameters.GetValueOrDefault("sslmode"))?.ToLowerInvariant();
}
