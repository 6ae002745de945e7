using System.Data.Common;
using MySqlConnector;

namespace Lifeboat.Testing;

/// <summary>
/// A throwaway MariaDB server: <c>mariadb-install-db</c> into a temporary directory, then
/// <c>mariadbd --no-defaults</c> on a private Unix socket and a free 127.0.0.1 port, with InnoDB
/// durability off and small buffers for speed. <c>root</c> gets a password for both the socket
/// (<c>root@localhost</c>) and TCP (<c>root@127.0.0.1</c>); other root and anonymous accounts are
/// dropped. Stopped with SIGTERM (a clean shutdown).
/// </summary>
public sealed class MariaDbServer : DatabaseServer
{
    private static readonly string[] ServerDirectories = ["/usr/sbin", "/usr/libexec", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"];

    /// <summary>Options for both the bootstrap and the server: the redo log size must agree.</summary>
    private static readonly string[] SpeedOptions =
    [
        "--skip-name-resolve",
        "--innodb-buffer-pool-size=16M",
        "--innodb-log-file-size=8M",
        "--innodb-flush-log-at-trx-commit=0",
        "--innodb-doublewrite=0",
        "--performance-schema=OFF",
        "--character-set-server=utf8mb4",
        "--collation-server=utf8mb4_general_ci",
    ];

    public MariaDbServer()
        : base("mariadb", "mysql")
    {
    }

    public override string Username => "root";

    public override string DefaultDatabase => "mysql";

    /// <summary>The server version, e.g. 10.11.6.</summary>
    public Version Version { get; private set; } = new();

    /// <summary>What <c>SELECT VERSION()</c> returned, e.g. <c>10.11.6-MariaDB-0+deb12u1</c>.</summary>
    public string VersionText { get; private set; } = "";

    /// <summary>The server's Unix socket.</summary>
    public string SocketPath => Directory().Combine("mysqld.sock");

    /// <summary>
    /// MYSQL_PWD, MYSQL_HOST and MYSQL_TCP_PORT. The password variable is honoured by every client
    /// program, the host only by <c>mariadb</c>: pass <see cref="ClientArguments"/> as well.
    /// </summary>
    public override IReadOnlyDictionary<string, string?> ClientEnvironment => new Dictionary<string, string?>
    {
        ["MYSQL_PWD"] = Password,
        ["MYSQL_HOST"] = Host,
        ["MYSQL_TCP_PORT"] = Port.ToString(),
    };

    /// <summary>
    /// Connection arguments for <c>mariadb</c>, <c>mariadb-dump</c>, <c>mariadb-admin</c>: TCP, host,
    /// port and user. The password is not among them; it travels in <see cref="ClientEnvironment"/>.
    /// </summary>
    public IReadOnlyList<string> ClientArguments => ["--protocol=TCP", $"--host={Host}", $"--port={Port}", $"--user={Username}"];

    private protected override string ServerName => "MariaDB";

    private protected override int StopSignal => NativeMethods.SIGTERM;

    private protected override string ServerLog
    {
        get
        {
            var errorLog = "";
            try
            {
                errorLog = File.ReadAllText(Directory().Combine("error.log"));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // No log yet: the server never got that far.
            }

            return errorLog + base.ServerLog;
        }
    }

    public override string ConnectionString(string database = "") => Builder(database).ConnectionString;

    public override string Url(string database = "") =>
        $"mysql://{Uri.EscapeDataString(Username)}:{Uri.EscapeDataString(Password)}@{Host}:{Port}/{Uri.EscapeDataString(database)}";

    /// <summary>A MariaDB program by name: from PATH, else the usual sbin and libexec directories.</summary>
    /// <exception cref="ServerStartException">It is not installed.</exception>
    public static string FindProgram(string name)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(ServerDirectories)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
        return path ?? throw new ServerStartException(
            $"The MariaDB program '{name}' is neither on PATH nor in {string.Join(", ", ServerDirectories)}. " +
            "Install the Debian package 'mariadb-server' (scripts/test installs it when run as root).");
    }

    private protected override DbConnection CreateConnection(string connectionString) => new MySqlConnection(connectionString);

    private protected override string UnpooledConnectionString(string database)
    {
        var builder = Builder(database);
        builder.Pooling = false;
        builder.ConnectionTimeout = 5;
        return builder.ConnectionString;
    }

    private protected override string QuoteIdentifier(string name) => $"`{name.Replace("`", "``", StringComparison.Ordinal)}`";

    private protected override async Task PrepareAsync(TempDirectory directory, ProcessOptions asServiceUser, CancellationToken cancellationToken)
    {
        var installDb = FindProgram("mariadb-install-db");
        FindProgram("mariadbd");
        var result = await ProcessRunner.RunAsync(
            installDb,
            [
                "--no-defaults", $"--datadir={directory.Combine("data")}", "--auth-root-authentication-method=normal",
                "--skip-test-db", .. SpeedOptions,
            ],
            asServiceUser,
            cancellationToken);
        if (!result.Succeeded)
        {
            throw new ServerStartException($"mariadb-install-db failed: {new ProcessFailedException(result).Message}");
        }
    }

    private protected override (string FileName, IReadOnlyList<string> Arguments) ServerCommand(TempDirectory directory, int port) =>
        (FindProgram("mariadbd"),
        [
            "--no-defaults",
            $"--datadir={directory.Combine("data")}",
            $"--socket={directory.Combine("mysqld.sock")}",
            $"--port={port}",
            "--bind-address=127.0.0.1",
            $"--pid-file={directory.Combine("mysqld.pid")}",
            $"--log-error={directory.Combine("error.log")}",
            $"--tmpdir={directory.Path}",
            "--innodb-temp-data-file-path=ibtmp1:1M:autoextend",
            .. SpeedOptions,
        ]);

    /// <summary>Ready when root can log in over the socket; the password is not set yet (install-db leaves it empty).</summary>
    private protected override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenSocketAsync(cancellationToken);
        return true;
    }

    private protected override async Task ConfigureAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await OpenSocketAsync(cancellationToken))
        {
            var extraAccounts = new List<string>();
            await using (var query = new MySqlCommand(
                "SELECT User, Host FROM mysql.user WHERE User = '' OR (User = 'root' AND Host NOT IN ('localhost', '127.0.0.1'))", connection))
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    extraAccounts.Add($"{Literal(reader.GetString(0))}@{Literal(reader.GetString(1))}");
                }
            }

            var statements = extraAccounts.Select(account => $"DROP USER {account};").Concat(
            [
                "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';",
                "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;",
                "ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY @password;",
                "ALTER USER 'root'@'localhost' IDENTIFIED BY @password;",
            ]);
            await using var command = new MySqlCommand(string.Join("\n", statements), connection);
            command.Parameters.AddWithValue("@password", Password);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // From here on every login needs the password; this one proves the TCP account works.
        VersionText = await ScalarAsync<string>(DefaultDatabase, "SELECT VERSION()", cancellationToken) ?? "";
        Version = System.Version.TryParse(VersionText.Split('-')[0], out var version) ? version : new Version();
    }

    private async Task<MySqlConnection> OpenSocketAsync(CancellationToken cancellationToken)
    {
        var builder = new MySqlConnectionStringBuilder
        {
            Server = SocketPath,
            ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
            UserID = Username,
            Pooling = false,
            ConnectionTimeout = 2,
        };
        var connection = new MySqlConnection(builder.ConnectionString);
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

    private MySqlConnectionStringBuilder Builder(string database) => new()
    {
        Server = Host,
        Port = checked((uint)Port),
        UserID = Username,
        Password = Password,
        Database = database,
    };

    private static string Literal(string value) => $"'{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal)}'";
}
