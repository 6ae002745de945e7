using System.Data.Common;
using Npgsql;

namespace Lifeboat.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster: <c>initdb</c> into a temporary directory (scram-sha-256 password
/// authentication for every connection), then <c>postgres</c> on a free 127.0.0.1 port with its Unix
/// socket in that directory and durability switched off for speed. Uses the newest
/// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> (Debian), else <c>initdb</c> found on PATH.
/// Stopped with a fast shutdown (SIGINT).
/// </summary>
public sealed class PostgreSqlServer : DatabaseServer
{
    private const string DebianRoot = "/usr/lib/postgresql";

    private string? _binDirectory;

    public PostgreSqlServer()
        : base("pg", "postgres")
    {
    }

    public override string Username => "postgres";

    public override string DefaultDatabase => "postgres";

    /// <summary>The directory with <c>initdb</c>, <c>postgres</c>, <c>pg_dump</c>, <c>psql</c>... of the running server's version.</summary>
    public string BinDirectory => _binDirectory ?? throw NotStarted();

    /// <summary>The server's major version (15 for 15.4).</summary>
    public int Version { get; private set; }

    /// <summary>The directory holding the Unix socket (<c>.s.PGSQL.&lt;port&gt;</c>); also a valid <c>Host</c> for Npgsql and libpq.</summary>
    public string SocketDirectory => DirectoryPath;

    /// <summary>PGHOST, PGPORT, PGUSER and PGPASSWORD for <c>psql</c>, <c>pg_dump</c> and the other client programs.</summary>
    public override IReadOnlyDictionary<string, string?> ClientEnvironment => new Dictionary<string, string?>
    {
        ["PGHOST"] = Host,
        ["PGPORT"] = Port.ToString(),
        ["PGUSER"] = Username,
        ["PGPASSWORD"] = Password,
    };

    private protected override string ServerName => "PostgreSQL";

    private protected override int StopSignal => NativeMethods.SIGINT;

    /// <summary>The full path of a program in <see cref="BinDirectory"/>, e.g. <c>Tool("pg_dump")</c>.</summary>
    public string Tool(string name) => Path.Combine(BinDirectory, name);

    public override string ConnectionString(string database = "postgres") => Builder(database).ConnectionString;

    public override string Url(string database = "postgres") =>
        $"postgres://{Uri.EscapeDataString(Username)}:{Uri.EscapeDataString(Password)}@{Host}:{Port}/{Uri.EscapeDataString(database)}";

    /// <summary>
    /// The newest PostgreSQL bin directory: <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>, else the PATH
    /// directory holding both <c>initdb</c> and <c>postgres</c>.
    /// </summary>
    /// <exception cref="ServerStartException">No PostgreSQL server programs are installed.</exception>
    public static string FindBinDirectory()
    {
        if (System.IO.Directory.Exists(DebianRoot))
        {
            var newest = System.IO.Directory.EnumerateDirectories(DebianRoot)
                .Select(directory => (Version: ParseVersion(Path.GetFileName(directory)), Bin: Path.Combine(directory, "bin")))
                .Where(candidate => candidate.Version is not null && HasServerPrograms(candidate.Bin))
                .MaxBy(candidate => candidate.Version);
            if (newest.Bin is not null)
            {
                return newest.Bin;
            }
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServerPrograms);
        return onPath ?? throw new ServerStartException(
            $"The PostgreSQL server programs (initdb, postgres) are neither in {DebianRoot}/<version>/bin nor on PATH. " +
            "Install the Debian package 'postgresql' (scripts/test installs it when run as root).");
    }

    private protected override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    private protected override string UnpooledConnectionString(string database)
    {
        var builder = Builder(database);
        builder.Pooling = false;
        builder.Timeout = 5;
        return builder.ConnectionString;
    }

    private protected override string QuoteIdentifier(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private protected override async Task PrepareAsync(TempDirectory directory, ProcessOptions asServiceUser, CancellationToken cancellationToken)
    {
        _binDirectory = FindBinDirectory();
        var passwordFile = directory.WriteFile("superuser-password", Password + "\n");
        if (RunAsUser is { } user)
        {
            UnixUser.Get(user).TakeOwnership(passwordFile);
        }

        try
        {
            var result = await ProcessRunner.RunAsync(
                Tool("initdb"),
                [
                    "--pgdata", directory.Combine("data"), "--username", Username, "--pwfile", passwordFile,
                    "--auth", "scram-sha-256", "--encoding", "UTF8", "--locale", "C", "--no-sync",
                ],
                asServiceUser,
                cancellationToken);
            if (!result.Succeeded)
            {
                throw new ServerStartException($"initdb failed: {new ProcessFailedException(result).Message}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private protected override (string FileName, IReadOnlyList<string> Arguments) ServerCommand(TempDirectory directory, int port) =>
        (Tool("postgres"),
        [
            "-D", directory.Combine("data"),
            "-p", port.ToString(),
            "-k", directory.Path,
            "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off",
            "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off",
            "-c", "shared_buffers=32MB",
            "-c", "max_connections=50",
        ]);

    private protected override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenUnpooledAsync(DefaultDatabase, cancellationToken);
            return true;
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            throw new ServerStartException($"PostgreSQL rejected the superuser password right after initdb set it: {exception.Message}", ServerLog, exception);
        }
    }

    private protected override async Task ConfigureAsync(CancellationToken cancellationToken)
    {
        var versionNumber = await ScalarAsync<int>(DefaultDatabase, "SELECT current_setting('server_version_num')::int", cancellationToken);
        Version = versionNumber / 10000;
    }

    private NpgsqlConnectionStringBuilder Builder(string database) => new()
    {
        Host = Host,
        Port = Port,
        Username = Username,
        Password = Password,
        Database = database,
    };

    private static Version? ParseVersion(string name) =>
        System.Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

    private static bool HasServerPrograms(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "postgres"));
}
