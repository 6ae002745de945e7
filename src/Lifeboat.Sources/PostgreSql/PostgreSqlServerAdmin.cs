using Npgsql;

namespace Lifeboat.Sources.PostgreSql;

/// <summary>
/// Server-level statements a restore runs (create, rename, drop databases; end other sessions), over one
/// unpooled connection to a maintenance database (<c>postgres</c>, else <c>template1</c>). Not thread-safe.
/// </summary>
internal sealed class PostgreSqlServerAdmin : IAsyncDisposable
{
    private const string ObjectInUse = "55006";
    private readonly NpgsqlConnection _connection;
    private readonly string _source;

    private PostgreSqlServerAdmin(NpgsqlConnection connection, PostgreSqlEndpoint endpoint, PostgreSqlVersion version, string source)
    {
        _connection = connection;
        Endpoint = endpoint;
        Version = version;
        _source = source;
    }

    public PostgreSqlEndpoint Endpoint { get; }

    public PostgreSqlVersion Version { get; }

    /// <exception cref="SourceException">The server cannot be reached or refuses the login.</exception>
    public static async Task<PostgreSqlServerAdmin> OpenAsync(PostgreSqlEndpoint endpoint, string source, CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        Exception? failure = null;
        foreach (var database in new[] { "postgres", "template1" })
        {
            try
            {
                connection = await endpoint.OpenAsync(database, cancellationToken);
                break;
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.InsufficientPrivilege)
            {
                failure = ex;
            }
            catch (NpgsqlException ex)
            {
                throw PostgreSqlErrors.Wrap(source, endpoint, "cannot connect", ex);
            }
        }

        if (connection is null)
        {
            throw PostgreSqlErrors.Wrap(source, endpoint, "cannot connect to a maintenance database (postgres, template1)", failure!);
        }

        var version = await PostgreSqlDatabaseInfo.ServerVersionAsync(connection, cancellationToken);
        return new PostgreSqlServerAdmin(connection, endpoint, version, source);
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    public async Task<bool> DatabaseExistsAsync(string name, CancellationToken cancellationToken) =>
        await ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", name, cancellationToken);

    public async Task<bool> RoleExistsAsync(string name, CancellationToken cancellationToken) =>
        await ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @name)", name, cancellationToken);

    /// <summary>The names of every database on the server.</summary>
    public async Task<List<string>> DatabaseNamesAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database", _connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>True when the database has no relations, functions or types of its own outside the system schemas.</summary>
    public async Task<bool> IsEmptyAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await Endpoint.OpenAsync(name, cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                               WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%')
               AND NOT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                               WHERE n.nspname NOT IN ('pg_catalog', 'information_schema'))
            """,
            connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Creates a database with the recorded encoding and locale (from template0, as pg_dump expects),
    /// owned by the recorded owner when that role exists here (else by the restoring user).
    /// </summary>
    public async Task CreateDatabaseAsync(string name, PostgreSqlDatabaseInfo info, Action<string>? log, CancellationToken cancellationToken)
    {
        var sql = $"CREATE DATABASE {Quote(name)} TEMPLATE template0 ENCODING {Literal(info.Encoding)} LC_COLLATE {Literal(info.Collate)} LC_CTYPE {Literal(info.CType)}";
        if (Version.Major >= 15 && info.LocaleProvider is "icu" && info.Locale is not null)
        {
            sql += $" LOCALE_PROVIDER icu ICU_LOCALE {Literal(info.Locale)}";
        }
        else if (Version.Major >= 17 && info.LocaleProvider is "builtin" && info.Locale is not null)
        {
            sql += $" LOCALE_PROVIDER builtin BUILTIN_LOCALE {Literal(info.Locale)}";
        }

        if (await RoleExistsAsync(info.Owner, cancellationToken))
        {
            sql += $" OWNER {Quote(info.Owner)}";
        }
        else
        {
            log?.Invoke($"role {info.Owner} does not exist on {Endpoint.Server}; the database will be owned by the restoring user");
        }

        await ExecuteAsync(sql, $"cannot create database {name}", cancellationToken);
    }

    /// <summary>
    /// Gives <paramref name="database"/> the recorded database-level properties: settings, comment and,
    /// unless <paramref name="includeRoles"/> is false (another server, whose roles are not the source's),
    /// role settings and privileges; the connection limit only where <paramref name="includeLimit"/>.
    /// Roles that do not exist here are skipped with a line in the log, as the owner is.
    /// </summary>
    public async Task ApplyPropertiesAsync(
        string database, PostgreSqlDatabaseProperties properties, string owner, bool includeRoles, bool includeLimit, Action<string>? log, CancellationToken cancellationToken)
    {
        var target = Quote(database);

        // A property that cannot be set here (a setting of an extension this server lacks) is reported
        // and the restore goes on: the data matters more than one setting.
        async Task TryAsync(string sql)
        {
            try
            {
                await ExecuteAsync(sql, "cannot set", cancellationToken);
            }
            catch (SourceException ex)
            {
                log?.Invoke($"warning: {sql} failed: {ex.Message}");
            }
        }

        foreach (var setting in properties.Settings)
        {
            await TryAsync($"ALTER DATABASE {target} SET {PostgreSqlDatabaseProperties.SetClause(setting)}");
        }

        if (properties.Comment is { } comment)
        {
            await TryAsync($"COMMENT ON DATABASE {target} IS {Literal(comment)}");
        }

        if (includeLimit && properties.ConnectionLimit != -1)
        {
            await TryAsync($"ALTER DATABASE {target} CONNECTION LIMIT {properties.ConnectionLimit}");
        }

        if (!includeRoles)
        {
            return;
        }

        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (role, setting) in properties.RoleSettings)
        {
            if (await RoleExistsAsync(role, cancellationToken))
            {
                await TryAsync($"ALTER ROLE {Quote(role)} IN DATABASE {target} SET {PostgreSqlDatabaseProperties.SetClause(setting)}");
            }
            else
            {
                missing.Add(role);
            }
        }

        if (properties.Acl is { } acl)
        {
            // A recorded ACL replaces the defaults (PUBLIC may connect and create temporary tables).
            await TryAsync($"REVOKE ALL ON DATABASE {target} FROM PUBLIC");
            foreach (var item in acl)
            {
                string? grantee;
                IReadOnlyList<string> privileges, withGrantOption;
                try
                {
                    (grantee, privileges, withGrantOption) = PostgreSqlDatabaseProperties.ParseAclItem(item);
                }
                catch (FormatException ex)
                {
                    log?.Invoke($"warning: privilege {item} not restored: {ex.Message}");
                    continue;
                }

                if (grantee == owner)
                {
                    continue; // the owner holds every privilege
                }

                if (grantee is not null && !await RoleExistsAsync(grantee, cancellationToken))
                {
                    missing.Add(grantee);
                    continue;
                }

                var to = grantee is null ? "PUBLIC" : Quote(grantee);
                if (privileges.Count > 0)
                {
                    await TryAsync($"GRANT {string.Join(", ", privileges)} ON DATABASE {target} TO {to}");
                }

                if (withGrantOption.Count > 0)
                {
                    await TryAsync($"GRANT {string.Join(", ", withGrantOption)} ON DATABASE {target} TO {to} WITH GRANT OPTION");
                }
            }
        }

        if (missing.Count > 0)
        {
            log?.Invoke($"roles {string.Join(", ", missing)} do not exist on {Endpoint.Server}; their settings and privileges on the database are not restored");
        }
    }

    /// <summary>Ends every other session connected to <paramref name="database"/>.</summary>
    public async Task TerminateSessionsAsync(string database, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()",
            _connection);
        command.Parameters.AddWithValue("name", database);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>
    /// Renames databases in one transaction (all or none), ending the sessions connected to them first.
    /// Retries while ended sessions are still going away.
    /// </summary>
    public async Task RenameAsync(IReadOnlyList<(string From, string To)> renames, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            foreach (var (from, _) in renames)
            {
                await TerminateSessionsAsync(from, cancellationToken);
            }

            try
            {
                await using var transaction = await _connection.BeginTransactionAsync(cancellationToken);
                foreach (var (from, to) in renames)
                {
                    await using var command = new NpgsqlCommand($"ALTER DATABASE {Quote(from)} RENAME TO {Quote(to)}", _connection, transaction);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == ObjectInUse && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
            }
            catch (PostgresException ex)
            {
                var names = string.Join(", ", renames.Select(r => $"{r.From} to {r.To}"));
                throw PostgreSqlErrors.Wrap(_source, Endpoint, $"cannot rename {names}", ex);
            }
        }
    }

    /// <summary>Drops a database if it exists, ending its sessions first.</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        var force = Version.Major >= 13 ? " WITH (FORCE)" : "";
        for (var attempt = 1; ; attempt++)
        {
            await TerminateSessionsAsync(name, cancellationToken);
            try
            {
                await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Quote(name)}{force}", _connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == ObjectInUse && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
            }
            catch (PostgresException ex)
            {
                throw PostgreSqlErrors.Wrap(_source, Endpoint, $"cannot drop database {name}", ex);
            }
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task ExecuteAsync(string sql, string doing, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql, _connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex)
        {
            throw PostgreSqlErrors.Wrap(_source, Endpoint, doing, ex);
        }
    }

    private async Task<T> ScalarAsync<T>(string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        command.Parameters.AddWithValue("name", name);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
