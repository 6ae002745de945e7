using Lifeboat.Manifest;
using Lifeboat.Sources.FileSystem;
using Lifeboat.Sources.Processes;
using Npgsql;

namespace Lifeboat.Sources.PostgreSql;

/// <summary>
/// A PostgreSQL database. Capture streams <c>pg_dump</c> straight into the snapshot (custom format,
/// uncompressed by default, so that daily dumps deduplicate; or plain SQL), after checking that the
/// client tools are at least the server's major version, and records the database's owner, encoding,
/// locale and the versions involved. The password reaches the tools through PGPASSWORD in their
/// environment only.
/// </summary>
/// <remarks>
/// <para>Restore in place, and <c>--into</c> a database, never touches the existing database until the
/// dump has loaded completely: it creates <c>&lt;db&gt;_restoring_&lt;id&gt;</c> (template0, the recorded
/// encoding, locale and owner), loads the dump into it with pg_restore or psql (stopping at the first
/// error), then ends the sessions of the live database and swaps the names in one transaction: the live
/// one becomes <c>&lt;db&gt;_previous_&lt;id&gt;</c>, the restored one takes its name. Commit drops the
/// previous database; rollback swaps the names back and drops the restored one. A failed load drops
/// the half-loaded database and leaves the live one as it was. This costs the disk space of a second
/// copy while the restore is open, and needs a user that may create, rename and drop databases
/// (a superuser, or the owner with CREATEDB); in exchange a rollback is a rename, independent of the
/// safety snapshot, and the service never sees a half-restored database.</para>
/// <para>Database-level settings (<c>ALTER DATABASE ... SET</c>) and grants on the database itself are
/// not part of a dump restored without <c>--create</c>; they are not carried over.</para>
/// <para>A scratch restore (drill) creates <c>&lt;db&gt;_drill_&lt;suffix&gt;</c> and drops it on dispose.
/// On another server (<c>ServerUrl</c>) pg_restore runs with <c>--no-owner --no-privileges</c>, since
/// the source's roles may not exist there.</para>
/// </remarks>
public sealed class PostgreSqlSource(PostgresSourceConfig config) : IDataSource
{
    private const int MaxNameBytes = 63;


    public SourceConfig Config => config;

    private string Name => config.Name;

    public async Task<IReadOnlyList<SourceProblem>> DiagnoseAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<SourceProblem>();
        try
        {
            var endpoint = await PostgreSqlEndpoint.ResolveAsync(config.Url, config.Password, cancellationToken);
            var info = await ReadAsync(endpoint, PostgreSqlDatabaseInfo.ReadAsync, cancellationToken);
            await PostgreSqlTools.FindAsync(Name, config.BinDir, info.ServerVersion, cancellationToken);
            await using var connection = await endpoint.OpenAsync(endpoint.Database, cancellationToken);
            await using var command = new NpgsqlCommand("SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user", connection);
            if (await command.ExecuteScalarAsync(cancellationToken) is false)
            {
                problems.Add(new SourceProblem(Name, $"user '{endpoint.User}' may not create databases, which a restore needs (it loads into a new database, then swaps names)",
                    $"ALTER ROLE {PostgreSqlServerAdmin.Quote(endpoint.User ?? "")} CREATEDB, or restore as a superuser"));
            }
        }
        catch (LifeboatException ex)
        {
            problems.Add(new SourceProblem(Name, ex.Message, ex.Hint));
        }
        catch (NpgsqlException ex)
        {
            problems.Add(new SourceProblem(Name, ex.Message));
        }

        return problems;
    }

    /// <summary>Drops the scratch databases (<c>&lt;db&gt;_drill_&lt;id&gt;</c>) that killed drills left on the drill server (those no session uses).</summary>
    public async Task<IReadOnlyList<string>> RemoveDrillLeftoversAsync(string? drillServerUrl, SecretRef? drillServerPassword, CancellationToken cancellationToken = default)
    {
        var source = await PostgreSqlEndpoint.ResolveAsync(config.Url, config.Password, cancellationToken);
        var endpoint = drillServerUrl is null ? source : await PostgreSqlEndpoint.ResolveAsync(drillServerUrl, drillServerPassword, cancellationToken);
        await using var admin = await PostgreSqlServerAdmin.OpenAsync(endpoint, Name, cancellationToken);
        var removed = new List<string>();
        // Sessions do not tell a leftover from a live drill: the pg_restore or client of a killed drill
        // goes on loading. A drill running elsewhere at this moment for the same source would lose its copy.
        foreach (var database in await admin.DatabaseNamesAsync(cancellationToken))
        {
            if (DatabaseNames.IsDerived(database, source.Database, DatabaseNames.Drill, MaxNameBytes))
            {
                await admin.DropDatabaseAsync(database, cancellationToken);
                removed.Add($"scratch database {database} on {endpoint.Server}");
            }
        }

        return removed;
    }

    /// <summary>
    /// Databases that restores which did not finish left on the source's server: <c>&lt;db&gt;_restoring_&lt;id&gt;</c>
    /// (loading; dropped when <paramref name="removeStaging"/>), <c>&lt;db&gt;_failed_&lt;id&gt;</c> (a rolled-back
    /// restore's data; dropped too) and <c>&lt;db&gt;_previous_&lt;id&gt;</c> (what a restore replaced; reported,
    /// never dropped), for the source's database and for <paramref name="into"/> (a database name on the
    /// same server).
    /// </summary>
    public async Task<RestoreLeftovers> SweepRestoreLeftoversAsync(string? into, bool removeStaging, CancellationToken cancellationToken = default)
    {
        var endpoint = await PostgreSqlEndpoint.ResolveAsync(config.Url, config.Password, cancellationToken);
        string[] targets = into is null ? [endpoint.Database] : [endpoint.Database, into];
        await using var admin = await PostgreSqlServerAdmin.OpenAsync(endpoint, Name, cancellationToken);
        List<string> staging = [], setAside = [];
        foreach (var database in await admin.DatabaseNamesAsync(cancellationToken))
        {
            if (targets.Any(t => DatabaseNames.IsDerived(database, t, DatabaseNames.Previous, MaxNameBytes)))
            {
                setAside.Add($"database {database} on {endpoint.Server}");
            }
            else if (targets.Any(t => DatabaseNames.IsDerived(database, t, DatabaseNames.Restoring, MaxNameBytes)
                                      || DatabaseNames.IsDerived(database, t, DatabaseNames.Failed, MaxNameBytes)))
            {
                if (removeStaging)
                {
                    await admin.DropDatabaseAsync(database, cancellationToken);
                }

                staging.Add($"database {database} on {endpoint.Server}");
            }
        }

        return new RestoreLeftovers(staging, setAside);
    }

    public async Task<SourceCapture> CaptureAsync(SourceCaptureContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = await PostgreSqlEndpoint.ResolveAsync(config.Url, config.Password, cancellationToken);
        if (endpoint.Database.Length == 0)
        {
            throw new SourceException(Name, $"the URL {config.Url} names no database") { Hint = "end the URL with /<database>" };
        }

        // pg_dump --version runs while the server is asked for the database's metadata.
        var finding = PostgreSqlTools.FindAsync(Name, config.BinDir, null, cancellationToken);
        PostgreSqlDatabaseInfo info;
        PostgreSqlDatabaseProperties properties;
        try
        {
            (info, properties) = await ReadAsync(
                endpoint,
                async (connection, token) => (await PostgreSqlDatabaseInfo.ReadAsync(connection, token), await PostgreSqlDatabaseProperties.ReadAsync(connection, token)),
                cancellationToken);
        }
        catch
        {
            await finding.WhenSettled();
            throw;
        }

        var tools = await finding;
        tools.EnsureSupports(Name, info.ServerVersion);
        var plain = config.Format == PostgresDumpFormat.Plain;
        var file = plain ? "database.sql" : "database.pgdump";
        List<string> arguments = plain
            ? ["--format=plain"]
            : ["--format=custom", $"--compress={config.Compression}"];
        arguments.AddRange(["--no-password", $"--dbname={endpoint.ConnInfo(endpoint.Database)}", .. config.DumpArgs]);
        var command = new ToolCommand(Name, tools.PgDump, arguments)
        {
            Environment = endpoint.ToolEnvironment,
            Scrubber = endpoint.Scrubber,
        };

        var stream = new ToolStream([.. context.SnapshotPath, file], command, cancellationToken);
        var capture = new SourceCapture { CleanupAsync = () => stream.DisposeAsync().AsTask() };
        stream.Start(); // pg_dump connects and takes its snapshot now, while the repository opens
        capture.Items.Add(stream.Item);
        var description = capture.Description;
        description["kind"] = "postgres";
        description["format"] = plain ? "plain" : "custom";
        description["file"] = file;
        info.WriteTo(description);
        properties.WriteTo(description);
        description["server_version_num"] = info.ServerVersion.Number;
        description["pg_dump_version"] = tools.Version.Text;
        description["host"] = endpoint.Host;
        if (endpoint.Port is { } port)
        {
            description["port"] = port;
        }

        if (endpoint.User is not null)
        {
            description["user"] = endpoint.User;
        }

        if (!plain)
        {
            description["compression"] = config.Compression;
        }

        return capture;
    }

    public bool StagesAhead => true;

    public async Task<ISourceRestore> RestoreAsync(SourceRestoreContext context, CancellationToken cancellationToken = default)
    {
        await using var staged = await StageAsync(context, cancellationToken);
        return await staged.ApplyAsync(cancellationToken);
    }

    /// <summary>
    /// Loads the dump into a new database: a scratch copy for a drill (the whole restore), else
    /// <c>&lt;db&gt;_restoring_&lt;id&gt;</c> beside the target, renamed into place when applied.
    /// </summary>
    public async Task<IStagedRestore> StageAsync(SourceRestoreContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var description = context.Description;
        description.RequireKind("postgres", Name);
        var plain = description.RequireString("format", Name) == "plain";
        var file = context.SnapshotPath.TrimEnd('/') + "/" + description.RequireString("file", Name);
        var info = PostgreSqlDatabaseInfo.ReadFrom(description, Name);
        var properties = PostgreSqlDatabaseProperties.ReadFrom(description);
        var log = context.Log;

        var sourceEndpoint = await PostgreSqlEndpoint.ResolveAsync(config.Url, config.Password, cancellationToken);
        var (serverUrl, serverPassword) = context.Target switch
        {
            RestoreTarget.IntoDatabase into => (into.ServerUrl, into.ServerPassword),
            RestoreTarget.Scratch scratch => (scratch.ServerUrl, scratch.ServerPassword),
            _ => (null, null),
        };
        var endpoint = serverUrl is null ? sourceEndpoint : await PostgreSqlEndpoint.ResolveAsync(serverUrl, serverPassword, cancellationToken);
        var otherServer = serverUrl is not null && !endpoint.IsSameServer(sourceEndpoint);

        // pg_dump --version runs while the connection opens.
        var finding = PostgreSqlTools.FindAsync(Name, config.BinDir, null, cancellationToken);
        PostgreSqlServerAdmin opened;
        try
        {
            opened = await PostgreSqlServerAdmin.OpenAsync(endpoint, Name, cancellationToken);
        }
        catch
        {
            await finding.WhenSettled();
            throw;
        }

        var admin = opened;
        var handedOver = false;
        try
        {
            var tools = await finding;
            if (description.GetString("pg_dump_version") is { } dumpedWith
                && PostgreSqlVersion.FromToolOutput($"(PostgreSQL) {dumpedWith}") is { } dumpVersion
                && tools.Version < dumpVersion && !plain)
            {
                throw new SourceException(Name, $"the dump was made by pg_dump {dumpVersion}, newer than pg_restore {tools.Version} ({tools.PgRestore})")
                {
                    Hint = $"install the PostgreSQL {dumpVersion.MajorText} client tools and set bin_dir",
                };
            }

            async Task LoadAsync(string database, bool scratch)
            {
                log?.Invoke($"loading {file} into {database} with {(plain ? "psql" : "pg_restore")}");
                await using (var input = await SnapshotFiles.OpenAsync(context.Snapshot, file, Name, cancellationToken))
                {
                    await ToolRunner.PipeIntoAsync(LoadCommand(tools, endpoint, database, plain, otherServer), input, cancellationToken);
                }

                if (!properties.IsEmpty)
                {
                    log?.Invoke($"setting the database's own settings, privileges and comment on {database}");
                    await admin.ApplyPropertiesAsync(database, properties, info.Owner, includeRoles: !otherServer, includeLimit: !scratch, log, cancellationToken);
                }
            }

            var id = SiblingPath.NewId();
            switch (context.Target)
            {
                case RestoreTarget.Scratch scratch:
                {
                    var database = DatabaseNames.Derived(sourceEndpoint.Database, DatabaseNames.Drill, scratch.DatabaseSuffix, MaxNameBytes);
                    if (await admin.DatabaseExistsAsync(database, cancellationToken))
                    {
                        throw new SourceException(Name, $"the scratch database {database} already exists on {endpoint.Server}")
                        {
                            Hint = "it is a leftover of an earlier drill: drop it, or drill with another suffix",
                        };
                    }

                    log?.Invoke($"creating scratch database {database}");
                    await admin.CreateDatabaseAsync(database, info, log, cancellationToken);
                    try
                    {
                        await LoadAsync(database, scratch: true);
                    }
                    catch
                    {
                        await admin.DropDatabaseAsync(database, CancellationToken.None);
                        throw;
                    }

                    return new LoadedRestore(new PostgreSqlScratchRestore(Location(endpoint, database), endpoint, Name, database));
                }

                case RestoreTarget.InPlace or RestoreTarget.IntoDatabase:
                {
                    var target = context.Target is RestoreTarget.IntoDatabase into ? into.Database : sourceEndpoint.Database;
                    var isLive = !otherServer && target == sourceEndpoint.Database;
                    var exists = await admin.DatabaseExistsAsync(target, cancellationToken);
                    if (exists && !isLive && !await admin.IsEmptyAsync(target, cancellationToken))
                    {
                        throw new SourceException(Name, $"database {target} on {endpoint.Server} already exists and is not empty; refusing to overwrite it")
                        {
                            Hint = "restore into a new database name, or drop that database first",
                        };
                    }

                    var staging = DatabaseNames.Derived(target, DatabaseNames.Restoring, id, MaxNameBytes);
                    var previous = exists ? DatabaseNames.Derived(target, DatabaseNames.Previous, id, MaxNameBytes) : null;
                    log?.Invoke($"creating database {staging} to load the dump into (owner {info.Owner}, encoding {info.Encoding})");
                    await admin.CreateDatabaseAsync(staging, info, log, cancellationToken);
                    try
                    {
                        await LoadAsync(staging, scratch: false);
                    }
                    catch
                    {
                        await admin.DropDatabaseAsync(staging, CancellationToken.None);
                        throw;
                    }

                    var failed = DatabaseNames.Derived(target, DatabaseNames.Failed, id, MaxNameBytes);
                    handedOver = true;
                    return new PostgreSqlStagedRestore(admin, Location(endpoint, target), endpoint, Name, staging, target, previous, failed, log);
                }

                default:
                    throw new ArgumentOutOfRangeException(nameof(context), context.Target, "unknown restore target");
            }
        }
        finally
        {
            if (!handedOver)
            {
                await admin.DisposeAsync();
            }
        }
    }

    private ToolCommand LoadCommand(PostgreSqlTools tools, PostgreSqlEndpoint endpoint, string database, bool plain, bool otherServer)
    {
        List<string> arguments = plain
            ? ["--no-psqlrc", "--quiet", "--no-password", "--set=ON_ERROR_STOP=1", $"--dbname={endpoint.ConnInfo(database)}"]
            : ["--exit-on-error", "--no-password", $"--dbname={endpoint.ConnInfo(database)}"];
        if (otherServer && !plain)
        {
            arguments.AddRange(["--no-owner", "--no-privileges"]);
        }

        arguments.AddRange(config.RestoreArgs);
        return new ToolCommand(Name, plain ? tools.Psql : tools.PgRestore, arguments)
        {
            Environment = endpoint.ToolEnvironment,
            Scrubber = endpoint.Scrubber,
        };
    }

    // Reads what read takes from the source's own database, on one connection.
    private async Task<T> ReadAsync<T>(PostgreSqlEndpoint endpoint, Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await endpoint.OpenAsync(endpoint.Database, cancellationToken);
            return await read(connection, cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            throw PostgreSqlErrors.Wrap(Name, endpoint, $"cannot connect to database {endpoint.Database}", ex);
        }
    }

    private static RestoredLocation Location(PostgreSqlEndpoint endpoint, string database) => new()
    {
        ConnectionString = endpoint.ConnectionString(database),
        Provider = "postgres",
        Database = database,
        Environment = endpoint.ClientEnvironment(database),
    };
}
