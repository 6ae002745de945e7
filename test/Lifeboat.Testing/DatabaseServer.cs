using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Xunit;

namespace Lifeboat.Testing;

/// <summary>
/// A real database server started for tests: a throwaway data directory in a <see cref="TempDirectory"/>,
/// a free 127.0.0.1 port, a generated superuser password required for every TCP login. When the tests
/// run as root the server runs as its usual operating-system user (see <see cref="RunAsUser"/>).
/// </summary>
/// <remarks>
/// Use it as an xunit collection fixture (one server shared by the test classes of a collection, see
/// <see cref="TestCollections"/>) or start one in a test with <see cref="InitializeAsync"/> and
/// <c>await using</c>. <see cref="InitializeAsync"/> never skips: when the server cannot start it throws
/// <see cref="ServerStartException"/> saying why, with the server log. The helpers are thread-safe;
/// each opens its own connection.
/// </remarks>
public abstract class DatabaseServer : IAsyncLifetime, IAsyncDisposable
{
    private const int PortAttempts = 3;

    private readonly string _purpose;
    private readonly string _serviceUser;
    private TempDirectory? _directory;
    private BackgroundProcess? _process;
    private bool _disposed;

    private protected DatabaseServer(string purpose, string serviceUser)
    {
        _purpose = purpose;
        _serviceUser = serviceUser;
    }

    /// <summary>Always the IPv4 loopback address: servers never listen elsewhere.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port, chosen free at start.</summary>
    public int Port { get; private set; }

    /// <summary>The superuser the helpers and <see cref="ConnectionString"/> use.</summary>
    public abstract string Username { get; }

    /// <summary>The superuser's password; random unless set before start (to test unusual characters).</summary>
    public string Password { get; init; } = RandomPassword();

    /// <summary>How long start-up may take, data directory creation included.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The temporary directory holding data, socket and logs; removed by <see cref="DisposeAsync"/>.</summary>
    public string DirectoryPath => Directory().Path;

    /// <summary>The server's process id (the postmaster or mariadbd itself, not a wrapper).</summary>
    public int ProcessId => _process?.Id ?? throw NotStarted();

    /// <summary>
    /// The operating-system user the server runs as when this process is root (<c>postgres</c>,
    /// <c>mysql</c>); null when it runs as the current user.
    /// </summary>
    public string? RunAsUser { get; private set; }

    /// <summary>How long <see cref="InitializeAsync"/> took.</summary>
    public TimeSpan StartDuration { get; private set; }

    /// <summary>How long stopping took in <see cref="DisposeAsync"/>.</summary>
    public TimeSpan StopDuration { get; private set; }

    /// <summary>Environment variables that point the server's client programs here, password included.</summary>
    public abstract IReadOnlyDictionary<string, string?> ClientEnvironment { get; }

    /// <summary>The database the helpers connect to for server-wide statements.</summary>
    public abstract string DefaultDatabase { get; }

    private protected abstract string ServerName { get; }

    private protected abstract int StopSignal { get; }

    /// <summary>The server's own log: what it wrote, plus its log file where it has one.</summary>
    private protected virtual string ServerLog => _process?.OutputTail ?? "";

    /// <summary>A connection string for the ADO.NET provider, with the password, over TCP.</summary>
    public abstract string ConnectionString(string database);

    /// <summary>A URL with the credentials percent-encoded, e.g. <c>postgres://user:pass@127.0.0.1:5432/db</c>.</summary>
    public abstract string Url(string database);

    /// <summary>Opens a pooled connection to <paramref name="database"/> over TCP with the password. The caller disposes it.</summary>
    public async Task<DbConnection> OpenConnectionAsync(string database, CancellationToken cancellationToken = default)
    {
        var connection = CreateConnection(ConnectionString(database));
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

    /// <summary>Creates a database. Throws the provider's exception when it exists.</summary>
    public Task CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ExecuteAsync(DefaultDatabase, $"CREATE DATABASE {QuoteIdentifier(name)}", cancellationToken);
    }

    /// <summary>Creates a database with a fresh name starting with <paramref name="prefix"/> and returns the name; for tests sharing one server.</summary>
    public async Task<string> CreateUniqueDatabaseAsync(string prefix = "test", CancellationToken cancellationToken = default)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
        await CreateDatabaseAsync(name, cancellationToken);
        return name;
    }

    /// <summary>Runs SQL (one or more statements) in <paramref name="database"/>; returns the rows affected.</summary>
    public async Task<int> ExecuteAsync(string database, string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenUnpooledAsync(database, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs a query in <paramref name="database"/> and returns the first column of the first row, converted to <typeparamref name="T"/> (default for no row or NULL).</summary>
    public async Task<T?> ScalarAsync<T>(string database, string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenUnpooledAsync(database, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value switch
        {
            null or DBNull => default,
            T typed => typed,
            _ => (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Creates the data directory, starts the server and waits until it accepts password logins over TCP.</summary>
    /// <exception cref="ServerStartException">The server could not be set up or started; the message says why.</exception>
    public async Task InitializeAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_directory is not null)
        {
            throw new InvalidOperationException($"This {ServerName} server was already started.");
        }

        var stopwatch = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await StartAsync(timeout.Token);
        }
        catch (Exception exception)
        {
            var log = ServerLog;
            await DisposeAsync();
            if (timeout.IsCancellationRequested && exception is not ServerStartException)
            {
                throw new ServerStartException($"{ServerName} did not start within {StartTimeout.TotalSeconds:0} s.", log, exception);
            }

            throw;
        }

        StartDuration = stopwatch.Elapsed;
    }

    /// <summary>
    /// Stops the server (gracefully, then by force after a grace period, child processes included) and
    /// removes its directory. Idempotent.
    /// </summary>
    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            if (_process is { } process)
            {
                await process.StopAsync(StopSignal, TimeSpan.FromSeconds(30));
                process.Dispose();
            }
        }
        finally
        {
            _directory?.Dispose();
            StopDuration = stopwatch.Elapsed;
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public override string ToString() => $"{ServerName} on {Host}:{Port}";

    private protected abstract DbConnection CreateConnection(string connectionString);

    /// <summary>A connection string like <see cref="ConnectionString"/> but without pooling (for the helpers and start-up probes).</summary>
    private protected abstract string UnpooledConnectionString(string database);

    private protected abstract string QuoteIdentifier(string name);

    /// <summary>Creates the data directory (initdb, mariadb-install-db) in <paramref name="directory"/>.</summary>
    private protected abstract Task PrepareAsync(TempDirectory directory, ProcessOptions asServiceUser, CancellationToken cancellationToken);

    /// <summary>The server program and its arguments, listening on <paramref name="port"/>.</summary>
    private protected abstract (string FileName, IReadOnlyList<string> Arguments) ServerCommand(TempDirectory directory, int port);

    /// <summary>One readiness check: true when the server is ready; throws <see cref="ServerStartException"/> when it never will be.</summary>
    private protected abstract Task<bool> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>Work after the server is ready: passwords, version.</summary>
    private protected abstract Task ConfigureAsync(CancellationToken cancellationToken);

    private protected TempDirectory Directory() => _directory ?? throw NotStarted();

    private protected InvalidOperationException NotStarted() =>
        new($"The {ServerName} server is not running; call InitializeAsync first (xunit does for fixtures).");

    private protected async Task<DbConnection> OpenUnpooledAsync(string database, CancellationToken cancellationToken)
    {
        var connection = CreateConnection(UnpooledConnectionString(database));
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

    private static string RandomPassword() => RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 24);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Password.Length == 0 || Password.Contains('\0', StringComparison.Ordinal) || Password.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("The password must be non-empty and fit on one line.");
        }

        _directory = new TempDirectory(_purpose);
        if (UnixUser.IsRoot)
        {
            RunAsUser = _serviceUser;
            UnixUser.Get(_serviceUser).TakeOwnership(_directory.Path);
            await EnsureServiceUserCanWriteAsync(_directory.Path, cancellationToken);
        }

        var asServiceUser = new ProcessOptions { User = RunAsUser, WorkingDirectory = _directory.Path, Timeout = StartTimeout };
        await PrepareAsync(_directory, asServiceUser, cancellationToken);

        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            var (fileName, arguments) = ServerCommand(_directory, Port);
            _process = BackgroundProcess.Start(fileName, arguments, asServiceUser);
            if (await WaitUntilReadyAsync(_process, cancellationToken))
            {
                break;
            }

            // Someone took the port between choosing and binding it; choose again.
            var log = ServerLog;
            _process.Dispose();
            _process = null;
            if (attempt == PortAttempts)
            {
                throw new ServerStartException($"{ServerName} found its port taken {PortAttempts} times in a row.", log);
            }
        }

        await ConfigureAsync(cancellationToken);
    }

    private async Task<bool> WaitUntilReadyAsync(BackgroundProcess process, CancellationToken cancellationToken)
    {
        Exception? lastProbeFailure = null;
        while (true)
        {
            if (process.HasExited)
            {
                await process.StopAsync(StopSignal, TimeSpan.Zero);  // collects the last of its output
                var log = ServerLog;
                return log.Contains("Address already in use", StringComparison.Ordinal)
                    ? false
                    : throw new ServerStartException(
                        $"{ServerName} exited with code {process.ExitCode} while starting: {process.CommandLine}", log, lastProbeFailure);
            }

            try
            {
                if (await ProbeAsync(cancellationToken))
                {
                    return true;
                }
            }
            catch (Exception exception) when (exception is not ServerStartException && !cancellationToken.IsCancellationRequested)
            {
                lastProbeFailure = exception;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private async Task EnsureServiceUserCanWriteAsync(string path, CancellationToken cancellationToken)
    {
        var check = await ProcessRunner.RunAsync(
            "test", ["-w", path, "-a", "-x", path], new ProcessOptions { User = _serviceUser, WorkingDirectory = "/" }, cancellationToken);
        if (!check.Succeeded)
        {
            throw new ServerStartException(
                $"The '{_serviceUser}' user cannot write to {path}, so {ServerName} cannot run there. Every directory above it " +
                "must be searchable by all users; set TMPDIR to such a directory (for example /tmp).");
        }
    }
}
