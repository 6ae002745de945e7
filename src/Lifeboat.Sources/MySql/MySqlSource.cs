using Lifeboat.Manifest;
using Lifeboat.Sources.FileSystem;
using Lifeboat.Sources.Processes;
using MySqlConnector;

namespace Lifeboat.Sources.MySql;

/// <summary>
/// A MySQL or MariaDB database. Capture streams <c>mariadb-dump</c> (or <c>mysqldump</c>) with
/// <c>--single-transaction --routines --events --triggers</c> straight into the snapshot; the password
/// reaches the tool through MYSQL_PWD in its environment only. Restore pipes the dump into the
/// <c>mariadb</c>/<c>mysql</c> client.
/// </summary>
/// <remarks>
/// MySQL cannot rename a database, and moving tables to another database fails for tables with
/// triggers, so an in-place restore keeps the previous content by copying it first: the live database
/// is dumped into <c>&lt;db&gt;_previous_&lt;id&gt;</c> (a dump piped into the client, no temporary file),
/// then dropped, recreated with the recorded character set and collation, and loaded from the
/// snapshot. A failed load puts the previous content back at once. Commit drops the copy; rollback
/// drops the restored database and copies the previous content back. The cost is one extra copy of
/// the live database; in exchange the rollback does not depend on the safety snapshot. A restore
/// <c>--into</c> an empty or missing database loads into it directly (rollback drops it), and a
/// scratch restore creates <c>&lt;db&gt;_drill_&lt;suffix&gt;</c>, dropped on dispose.
/// </remarks>
public sealed class MySqlSource(MySqlSourceConfig config) : IDataSource
{
    private const int MaxNameLength = 64;

    private const string File = "database.sql";

    public SourceConfig Config => config;

    private string Name => config.Name;

    private string Kind => config.Kind.ToManifestName();

    public async Task<IReadOnlyList<SourceProblem>> DiagnoseAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<SourceProblem>();
        try
        {
            MySqlTools.Find(Name, config.Kind, config.BinDir);
        }
        catch (SourceException ex)
        {
            problems.Add(new SourceProblem(Name, ex.Message, ex.Hint));
        }

        try
        {
            var endpoint = await MySqlEndpoint.ResolveAsync(config.Url, config.Password, cancellationToken);
            await ReadServerAsync(endpoint, cancellationToken);
        }
        catch (LifeboatException ex)
        {
            problems.Add(new SourceProblem(Name, ex.Message, ex.Hint));
        }

        return problems;
    }

    /// <summary>Drops the scratch databases (<c>&lt;db&gt;_drill_&lt;id&gt;</c>) that killed drills left on the drill server (those no session uses).</summary>
    public async Task<IReadOnlyList<string>> RemoveDrillLeftoversAsync(string? drillServerUrl, SecretRef? drillServerPassword, CancellationToken cancellationToken = default)
    {
        var source = await MySqlEndpoint.ResolveAsync(config.Url, config.Password, cancellationToken);
        var endpoint = drillServerUrl is null ? source : await MySqlEndpoint.ResolveAsync(drillServerUrl, drillServerPassword, cancellationToken);
        await using var admin = await MySqlServerAdmin.OpenAsync(endpoint, Name, cancellationToken);
        var removed = new List<string>();
        // Sessions do not tell a leftover from a live drill: the pg_restore or client of a killed drill
        // goes on loading. A drill running elsewhere at this moment for the same source would lose its copy.
        foreach (var database in await admin.DatabaseNamesAsync(cancellationToken))
        {
            if (DatabaseNames.IsDerived(database, source.Database, DatabaseNames.Drill, MaxNameLength))
            {
                await admin.DropAsync(database, cancellationToken);
                removed.Add($"scratch database {database} on {endpoint.Server}");
            }
        }

        return removed;
    }

    /// <summary>
    /// Databases that in-place restores which did not finish left on the source's server:
    /// <c>&lt;db&gt;_previous_&lt;id&gt;</c>, the copy of what the restore replaced (MySQL cannot rename a
    /// database). It may be the only copy of that state, or a partial one if the restore was killed while
    /// copying: reported, never dropped. There are no staging copies: the restore loads into the target.
    /// </summary>
    public async Task<RestoreLeftovers> SweepRestoreLeftoversAsync(string? into, bool removeStaging, CancellationToken cancellationToken = default)
    {
        var endpoint = await MySqlEndpoint.ResolveAsync(config.Url, config.Password, cancellationToken);
        string[] targets = into is null ? [endpoint.Database] : [endpoint.Database, into];
        await using var admin = await MySqlServerAdmin.OpenAsync(endpoint, Name, cancellationToken);
        var setAside = (await admin.DatabaseNamesAsync(cancellationToken))
            .Where(database => targets.Any(t => DatabaseNames.IsDerived(database, t, DatabaseNames.Previous, MaxNameLength)))
            .Select(database => $"database {database} on {endpoint.Server}")
            .ToList();
        return new RestoreLeftovers([], setAside);
    }

    public async Task<SourceCapture> CaptureAsync(SourceCaptureContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = await MySqlEndpoint.ResolveAsync(config.Url, config.Password, cancellationToken);
        if (endpoint.Database.Length == 0)
        {
            throw new SourceException(Name, $"the URL {config.Url} names no database") { Hint = "end the URL with /<database>" };
        }

        var (version, characterSet, collation) = await ReadServerAsync(endpoint, cancellationToken);
        var tools = MySqlTools.Find(Name, config.Kind, config.BinDir);
        var dumpVersion = await tools.DumpVersionAsync(Name, cancellationToken);
        var stream = new ToolStream([.. context.SnapshotPath, File], DumpCommand(tools, endpoint, endpoint.Database, config.DumpArgs), cancellationToken);
        var capture = new SourceCapture { CleanupAsync = () => stream.DisposeAsync().AsTask() };
        stream.Start(); // the dump connects and opens its transaction now, while the repository opens
        capture.Items.Add(stream.Item);
        var description = capture.Description;
        description["kind"] = Kind;
        description["file"] = File;
        description["database"] = endpoint.Database;
        description["character_set"] = characterSet;
        description["collation"] = collation;
        description["server_version"] = version;
        description["dump_tool"] = Path.GetFileName(tools.Dump);
        description["dump_version"] = dumpVersion;
        description["host"] = endpoint.Socket ?? endpoint.Host;
        description["port"] = endpoint.Port;
        if (endpoint.User is not null)
        {
            description["user"] = endpoint.User;
        }

        return capture;
    }

    public async Task<ISourceRestore> RestoreAsync(SourceRestoreContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var description = context.Description;
        var recordedKind = description.GetString("kind");
        if (recordedKind is not ("mysql" or "mariadb"))
        {
            description.RequireKind(Kind, Name);
        }

        var file = context.SnapshotPath.TrimEnd('/') + "/" + description.RequireString("file", Name);
        var characterSet = description.GetString("character_set");
        var collation = description.GetString("collation");
        var log = context.Log;

        var sourceEndpoint = await MySqlEndpoint.ResolveAsync(config.Url, config.Password, cancellationToken);
        var (serverUrl, serverPassword) = context.Target switch
        {
            RestoreTarget.IntoDatabase into => (into.ServerUrl, into.ServerPassword),
            RestoreTarget.Scratch scratch => (scratch.ServerUrl, scratch.ServerPassword),
            _ => (null, null),
        };
        var endpoint = serverUrl is null ? sourceEndpoint : await MySqlEndpoint.ResolveAsync(serverUrl, serverPassword, cancellationToken);
        var otherServer = serverUrl is not null && !endpoint.IsSameServer(sourceEndpoint);
        var tools = MySqlTools.Find(Name, config.Kind, config.BinDir);
        await using var admin = await MySqlServerAdmin.OpenAsync(endpoint, Name, cancellationToken);

        async Task LoadAsync(string database)
        {
            log?.Invoke($"loading {file} into {database} with {Path.GetFileName(tools.Client)}");
            await using var input = await SnapshotFiles.OpenAsync(context.Snapshot, file, Name, cancellationToken);
            await ToolRunner.PipeIntoAsync(LoadCommand(tools, endpoint, database, config.RestoreArgs), input, cancellationToken);
        }

        Task CopyAsync(string from, string to, CancellationToken token) =>
            ToolRunner.PipeAsync(DumpCommand(tools, endpoint, from, []), LoadCommand(tools, endpoint, to, []), token);

        switch (context.Target)
        {
            case RestoreTarget.Scratch scratch:
            {
                var database = DatabaseNames.Derived(sourceEndpoint.Database, DatabaseNames.Drill, scratch.DatabaseSuffix, MaxNameLength);
                if (await admin.ExistsAsync(database, cancellationToken))
                {
                    throw new SourceException(Name, $"the scratch database {database} already exists on {endpoint.Server}")
                    {
                        Hint = "it is a leftover of an earlier drill: drop it, or drill with another suffix",
                    };
                }

                log?.Invoke($"creating scratch database {database}");
                await admin.CreateAsync(database, characterSet, collation, cancellationToken);
                try
                {
                    await LoadAsync(database);
                }
                catch
                {
                    await admin.DropAsync(database, CancellationToken.None);
                    throw;
                }

                return new MySqlScratchRestore(Location(endpoint, database), endpoint, Name, database);
            }

            case RestoreTarget.InPlace or RestoreTarget.IntoDatabase:
            {
                var target = context.Target is RestoreTarget.IntoDatabase into ? into.Database : sourceEndpoint.Database;
                var isLive = !otherServer && target == sourceEndpoint.Database;
                MySqlCopyRestore.Aside? previous = null;
                if (await admin.ExistsAsync(target, cancellationToken))
                {
                    var empty = await admin.IsEmptyAsync(target, cancellationToken);
                    if (!isLive && !empty)
                    {
                        throw new SourceException(Name, $"database {target} on {endpoint.Server} already exists and is not empty; refusing to overwrite it")
                        {
                            Hint = "restore into a new database name, or drop that database first",
                        };
                    }

                    var (currentSet, currentCollation) = await admin.CharacterSetAsync(target, cancellationToken);
                    if (!empty)
                    {
                        var aside = DatabaseNames.Derived(target, DatabaseNames.Previous, SiblingPath.NewId(), MaxNameLength);
                        log?.Invoke($"copying the current {target} to {aside}, kept until the restore is committed");
                        await admin.CreateAsync(aside, currentSet, currentCollation, cancellationToken);
                        try
                        {
                            await admin.KillSessionsAsync(target, cancellationToken);
                            await CopyAsync(target, aside, cancellationToken);
                            log?.Invoke($"dropping {target}");
                            await admin.DropAsync(target, cancellationToken);
                        }
                        catch
                        {
                            await admin.DropAsync(aside, CancellationToken.None);
                            throw;
                        }

                        previous = new MySqlCopyRestore.Aside(aside, currentSet, currentCollation);
                    }
                    else
                    {
                        log?.Invoke($"dropping the empty {target}");
                        await admin.DropAsync(target, cancellationToken);
                    }
                }

                var restore = new MySqlCopyRestore(Location(endpoint, target), endpoint, Name, target, previous, CopyAsync, log);
                try
                {
                    log?.Invoke($"creating {target}");
                    await admin.CreateAsync(target, characterSet, collation, cancellationToken);
                    await LoadAsync(target);
                }
                catch
                {
                    await restore.RollbackAsync(CancellationToken.None);
                    throw;
                }

                return restore;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(context), context.Target, "unknown restore target");
        }
    }

    private ToolCommand DumpCommand(MySqlTools tools, MySqlEndpoint endpoint, string database, IEnumerable<string> extra) =>
        new(Name, tools.Dump,
        [
            .. endpoint.ToolArguments,
            "--single-transaction", "--routines", "--events", "--triggers", "--hex-blob", "--no-tablespaces",
            "--skip-dump-date", "--default-character-set=utf8mb4",
            .. extra,
            "--", database,
        ])
        {
            Environment = endpoint.ToolEnvironment,
            Scrubber = endpoint.Scrubber,
        };

    private ToolCommand LoadCommand(MySqlTools tools, MySqlEndpoint endpoint, string database, IEnumerable<string> extra) =>
        new(Name, tools.Client, [.. endpoint.ToolArguments, "--binary-mode", "--default-character-set=utf8mb4", $"--database={database}", .. extra])
        {
            Environment = endpoint.ToolEnvironment,
            Scrubber = endpoint.Scrubber,
        };

    private async Task<(string Version, string CharacterSet, string Collation)> ReadServerAsync(MySqlEndpoint endpoint, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await endpoint.OpenAsync(endpoint.Database, cancellationToken);
            await using var command = new MySqlCommand("SELECT VERSION(), @@character_set_database, @@collation_database", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return (reader.GetString(0), reader.GetString(1), reader.GetString(2));
        }
        catch (MySqlException ex)
        {
            throw MySqlErrors.Wrap(Name, endpoint, $"cannot connect to database {endpoint.Database}", ex);
        }
    }

    private static RestoredLocation Location(MySqlEndpoint endpoint, string database) => new()
    {
        ConnectionString = endpoint.ConnectionString(database),
        Provider = "mysql",
        Database = database,
        Environment = endpoint.ClientEnvironment(database),
    };
}
