using System.Text;
using Lifeboat.Manifest;
using Lifeboat.Sources.PostgreSql;
using Lifeboat.Sources.Tests.Conformance;
using Lifeboat.Testing;
using Npgsql;

namespace Lifeboat.Sources.Tests.PostgreSql;

/// <summary>What only the PostgreSQL source does: formats, the client/server version check, deduplication, swaps.</summary>
[Collection(TestCollections.PostgreSql)]
public sealed class PostgreSqlSourceTests(PostgreSqlServer server) : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("pgsource");
    private SnapshotHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await SnapshotHarness.CreateAsync(_temp.Path);

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Custom_format_is_an_uncompressed_archive_and_plain_format_is_sql()
    {
        var database = await PostgreSqlTestData.CreateDatabaseAsync(server, customers: 50);
        var custom = await _harness.CaptureAsync(new PostgreSqlSource(PostgreSqlTestData.Config(server, database)));
        var plain = await _harness.CaptureAsync(new PostgreSqlSource(PostgreSqlTestData.Config(server, database, PostgresDumpFormat.Plain)));

        var archive = await custom.Reader.ReadFileAsync($"{custom.Path}/database.pgdump");
        Assert.Equal("PGDMP", Encoding.ASCII.GetString(archive, 0, 5));
        Assert.True(archive.AsSpan().IndexOf("user1@example.com"u8) >= 0, "without compression the rows are plain in the archive");
        Assert.Equal("custom", custom.Description["format"]!.GetValue<string>());
        Assert.Equal(0, custom.Description["compression"]!.GetValue<int>());

        var sql = Encoding.UTF8.GetString(await plain.Reader.ReadFileAsync($"{plain.Path}/database.sql"));
        Assert.Contains("PostgreSQL database dump", sql, StringComparison.Ordinal);
        Assert.Contains("CREATE TRIGGER customers_audit", sql, StringComparison.Ordinal);
        Assert.Equal("plain", plain.Description["format"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_description_records_what_a_restore_needs()
    {
        var database = await PostgreSqlTestData.CreateDatabaseAsync(server, customers: 10);
        var snapshot = await _harness.CaptureAsync(new PostgreSqlSource(PostgreSqlTestData.Config(server, database)));
        var description = snapshot.Description;

        Assert.Equal(database, description["database"]!.GetValue<string>());
        Assert.StartsWith("owner_", description["owner"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("UTF8", description["encoding"]!.GetValue<string>());
        Assert.Equal("C", description["collate"]!.GetValue<string>());
        Assert.StartsWith($"{server.Version}.", description["server_version"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith($"{server.Version}.", description["pg_dump_version"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(await server.ScalarAsync<int>("postgres", "SELECT current_setting('server_version_num')::int"), description["server_version_num"]!.GetValue<int>());
        Assert.Equal(server.Port, description["port"]!.GetValue<int>());
        Assert.DoesNotContain(server.Password, description.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_settings_privileges_role_settings_limit_and_comment_come_back_with_a_restore()
    {
        var database = await PostgreSqlTestData.CreateDatabaseAsync(server, customers: 5);
        var reader = $"reader=x_{Guid.NewGuid():N}"[..22]; // a role name may hold "=", which ACL items and settings also use
        await server.ExecuteAsync("postgres", $"""
            CREATE ROLE "{reader}";
            ALTER DATABASE "{database}" SET search_path TO "$user", app, public;
            ALTER DATABASE "{database}" SET work_mem TO '8MB';
            ALTER DATABASE "{database}" CONNECTION LIMIT 42;
            COMMENT ON DATABASE "{database}" IS 'the tracker''s data';
            REVOKE ALL ON DATABASE "{database}" FROM PUBLIC;
            GRANT CONNECT ON DATABASE "{database}" TO "{reader}";
            GRANT TEMPORARY ON DATABASE "{database}" TO "{reader}" WITH GRANT OPTION;
            ALTER ROLE "{reader}" IN DATABASE "{database}" SET statement_timeout TO '5s';
            """);
        var expected = await PropertiesAsync(database);
        Assert.Contains("search_path=\"$user\", app, public", expected, StringComparison.Ordinal);
        var source = new PostgreSqlSource(PostgreSqlTestData.Config(server, database));
        var snapshot = await _harness.CaptureAsync(source);

        var into = database + "_copy";
        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.IntoDatabase(into))))
        {
            await restore.CommitAsync();
        }

        Assert.Equal(expected, await PropertiesAsync(into));

        await server.ExecuteAsync("postgres", $"""
            ALTER DATABASE "{database}" RESET ALL;
            GRANT ALL ON DATABASE "{database}" TO PUBLIC;
            COMMENT ON DATABASE "{database}" IS NULL;
            """);
        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            await restore.CommitAsync();
        }

        Assert.Equal(expected, await PropertiesAsync(database));
    }

    /// <summary>A database's own properties as one comparable text (its name and oid left out).</summary>
    private async Task<string> PropertiesAsync(string database)
    {
        await using var connection = (NpgsqlConnection)await server.OpenConnectionAsync("postgres");
        await using var command = new NpgsqlCommand(
            """
            SELECT concat_ws(E'\n',
                'limit=' || d.datconnlimit,
                'acl=' || COALESCE(d.datacl::text, 'default'),
                'comment=' || COALESCE(shobj_description(d.oid, 'pg_database'), ''),
                (SELECT string_agg(COALESCE(pg_get_userbyid(NULLIF(s.setrole, 0)), '(database)') || ': ' || array_to_string(s.setconfig, ' | '), E'\n' ORDER BY 1)
                 FROM pg_db_role_setting s WHERE s.setdatabase = d.oid))
            FROM pg_database d WHERE d.datname = @name
            """,
            connection);
        command.Parameters.AddWithValue("name", database);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Client_tools_older_than_the_server_are_refused_with_the_fix()
    {
        var bin = _temp.CreateDirectory("old-bin");
        var fake = Path.Combine(bin, "pg_dump");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\necho 'pg_dump (PostgreSQL) 12.3'\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var database = await server.CreateUniqueDatabaseAsync("pg");
        var source = new PostgreSqlSource(PostgreSqlTestData.Config(server, database) with { BinDir = bin });

        var error = await Assert.ThrowsAsync<SourceException>(() => _harness.CaptureAsync(source));

        Assert.Contains("pg_dump 12.3", error.Message, StringComparison.Ordinal);
        Assert.Contains($"at least the server's major version ({server.Version})", error.Message, StringComparison.Ordinal);
        Assert.Contains("bin_dir", error.Hint, StringComparison.Ordinal);
        Assert.Contains($"{server.Version}", error.Hint, StringComparison.Ordinal);
        Assert.Equal(0, await _harness.SnapshotCountAsync());
        var problem = Assert.Single(await source.DiagnoseAsync());
        Assert.Contains("older than the server", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Versions_compare_by_major_version()
    {
        Assert.Equal(new PostgreSqlVersion(15, 0, "15.18"), PostgreSqlVersion.FromToolOutput("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"));
        Assert.Equal(new PostgreSqlVersion(9, 6, "9.6.24"), PostgreSqlVersion.FromToolOutput("pg_dump (PostgreSQL) 9.6.24"));
        Assert.Equal(17, PostgreSqlVersion.FromToolOutput("pg_dump (PostgreSQL) 17beta1")!.Major);
        Assert.Equal(new PostgreSqlVersion(15, 0, "15.4") { Number = 150004 }, PostgreSqlVersion.FromVersionNumber(150004));
        Assert.Equal("9.6", PostgreSqlVersion.FromVersionNumber(90624).MajorText);
        Assert.True(PostgreSqlVersion.FromVersionNumber(160001) > PostgreSqlVersion.FromVersionNumber(150010));
        Assert.True(PostgreSqlVersion.FromVersionNumber(100001) > PostgreSqlVersion.FromVersionNumber(90624));
        Assert.Null(PostgreSqlVersion.FromToolOutput("command not found"));
    }

    [Fact]
    public async Task A_second_daily_dump_of_unchanged_data_adds_almost_nothing()
    {
        var database = await server.CreateUniqueDatabaseAsync("pg");
        await server.ExecuteAsync(database,
            "CREATE TABLE events (id int PRIMARY KEY, payload text); INSERT INTO events SELECT g, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, 250000) g;");
        var source = new PostgreSqlSource(PostgreSqlTestData.Config(server, database));

        var first = await _harness.CaptureAsync(source);
        var second = await _harness.CaptureAsync(source);

        // Uncompressed custom-format dumps of the same data differ only in pg_dump's timestamp near the
        // start: every chunk but the first is already in the repository.
        Assert.True(first.Summary.TotalBytesProcessed > 10_000_000, $"the dump is {first.Summary.TotalBytesProcessed} bytes");
        var message = $"the second dump added {second.Summary.DataAdded} bytes in {second.Summary.DataBlobs} blobs, the first {first.Summary.DataAdded} in {first.Summary.DataBlobs}";
        Assert.True(second.Summary.DataBlobs <= 1, message);
        Assert.True(second.Summary.DataAdded < first.Summary.DataAdded / 2, message);
    }

    [Fact]
    public async Task A_pg_dump_that_fails_while_streaming_leaves_no_snapshot_and_says_why()
    {
        var database = await server.CreateUniqueDatabaseAsync("pg");
        var source = new PostgreSqlSource(PostgreSqlTestData.Config(server, database) with { DumpArgs = ["--table=no_such_table"] });

        var error = await Assert.ThrowsAsync<SourceException>(() => _harness.CaptureAsync(source));

        Assert.Contains("pg_dump failed with exit code 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("no matching tables were found", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _harness.SnapshotCountAsync());
    }

    [Fact]
    public async Task A_dropped_database_is_restored_in_place_with_its_owner_and_encoding()
    {
        var database = await server.CreateUniqueDatabaseAsync("pg");
        var owner = "owner_" + Guid.NewGuid().ToString("N")[..10];
        await server.ExecuteAsync("postgres", $"DROP DATABASE {database}");
        await server.ExecuteAsync("postgres", $"CREATE ROLE {owner}");
        await server.ExecuteAsync("postgres", $"CREATE DATABASE {database} OWNER {owner} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
        await server.ExecuteAsync(database, "CREATE TABLE t (v text); INSERT INTO t VALUES ('café');");
        var source = new PostgreSqlSource(PostgreSqlTestData.Config(server, database));
        var original = await PostgreSqlFingerprint.OfAsync(server.ConnectionString(database));
        var snapshot = await _harness.CaptureAsync(source);
        await server.ExecuteAsync("postgres", $"DROP DATABASE {database}");

        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            Assert.Equal(original, await PostgreSqlFingerprint.OfAsync(server.ConnectionString(database)));
            Assert.Contains("LATIN1", original, StringComparison.Ordinal);
            Assert.Contains(owner, original, StringComparison.Ordinal);
            await restore.RollbackAsync();
        }

        Assert.Equal("no such database", await PostgreSqlFingerprint.OfAsync(server.ConnectionString(database)));
    }

    [Fact]
    public async Task An_in_place_restore_ends_the_sessions_still_connected_to_the_live_database()
    {
        var database = await PostgreSqlTestData.CreateDatabaseAsync(server, customers: 20);
        var source = new PostgreSqlSource(PostgreSqlTestData.Config(server, database));
        var original = await PostgreSqlFingerprint.OfAsync(server.ConnectionString(database));
        var snapshot = await _harness.CaptureAsync(source);
        await server.ExecuteAsync(database, "DELETE FROM orders");
        await using var application = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString(database)) { Pooling = false }.ConnectionString);
        await application.OpenAsync();

        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            await restore.CommitAsync();
        }

        Assert.Equal(original, await PostgreSqlFingerprint.OfAsync(server.ConnectionString(database)));
        await Assert.ThrowsAnyAsync<NpgsqlException>(async () =>
        {
            await using var command = new NpgsqlCommand("SELECT 1", application);
            await command.ExecuteScalarAsync();
        });
        Assert.Contains(_harness.Log, line => line.Contains("ending the sessions of " + database, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_load_drops_the_half_restored_database_and_leaves_the_live_one()
    {
        var database = await PostgreSqlTestData.CreateDatabaseAsync(server, customers: 20);
        var source = new PostgreSqlSource(PostgreSqlTestData.Config(server, database));
        var snapshot = await _harness.CaptureAsync(source);
        await server.ExecuteAsync(database, "DELETE FROM orders");
        var live = await PostgreSqlFingerprint.OfAsync(server.ConnectionString(database));
        var failing = new PostgreSqlSource(PostgreSqlTestData.Config(server, database) with { RestoreArgs = ["--no-such-option"] });

        var error = await Assert.ThrowsAsync<SourceException>(() => failing.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())));

        Assert.Contains("pg_restore failed", error.Message, StringComparison.Ordinal);
        Assert.Equal(live, await PostgreSqlFingerprint.OfAsync(server.ConnectionString(database)));
        Assert.Null(await server.ScalarAsync<string>("postgres", $"SELECT string_agg(datname, ',') FROM pg_database WHERE datname LIKE '{database}\\_%'"));
    }

    [Fact]
    public async Task A_staged_restore_loads_beside_the_live_database_and_unapplied_goes_away_leaving_it_as_it_was()
    {
        var database = await PostgreSqlTestData.CreateDatabaseAsync(server, customers: 20);
        var source = new PostgreSqlSource(PostgreSqlTestData.Config(server, database));
        var original = await PostgreSqlFingerprint.OfAsync(server.ConnectionString(database));
        var snapshot = await _harness.CaptureAsync(source);
        await server.ExecuteAsync(database, "DELETE FROM orders");
        var live = await PostgreSqlFingerprint.OfAsync(server.ConnectionString(database));
        string Staging() => $"SELECT string_agg(datname, ',') FROM pg_database WHERE datname LIKE '{database}\\_restoring\\_%'";

        // Staged and dropped: the live database never changed, the loaded copy is gone.
        await using (var staged = await source.StageAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            var loaded = await server.ScalarAsync<string>("postgres", Staging());
            Assert.NotNull(loaded);
            Assert.Equal(original, await PostgreSqlFingerprint.OfAsync(server.ConnectionString(loaded)));
            Assert.Equal(live, await PostgreSqlFingerprint.OfAsync(server.ConnectionString(database)));
        }

        Assert.Null(await server.ScalarAsync<string>("postgres", Staging()));
        Assert.Equal(live, await PostgreSqlFingerprint.OfAsync(server.ConnectionString(database)));

        // Staged and applied: the swap, then commit.
        await using (var staged = await source.StageAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            await using var restore = await staged.ApplyAsync();
            await Assert.ThrowsAsync<InvalidOperationException>(() => staged.ApplyAsync());
            await restore.CommitAsync();
        }

        Assert.Equal(original, await PostgreSqlFingerprint.OfAsync(server.ConnectionString(database)));
        Assert.Null(await server.ScalarAsync<string>("postgres", $"SELECT string_agg(datname, ',') FROM pg_database WHERE datname LIKE '{database}\\_%'"));
    }

    [Theory]
    [InlineData(PostgresDumpFormat.Custom)]
    [InlineData(PostgresDumpFormat.Plain)]
    public async Task The_application_user_with_createdb_can_back_up_and_restore_its_own_database(PostgresDumpFormat format)
    {
        var user = "app_" + Guid.NewGuid().ToString("N")[..10];
        const string password = "app-Secret-0815";
        var database = user + "_db";
        await server.ExecuteAsync("postgres", $"CREATE ROLE {user} LOGIN CREATEDB PASSWORD '{password}'");
        await server.ExecuteAsync("postgres", $"CREATE DATABASE {database} OWNER {user}");
        var config = new PostgresSourceConfig
        {
            Name = "db",
            Url = ConnectionUrl.Parse($"postgres://{user}@127.0.0.1:{server.Port}/{database}"),
            Password = SecretRef.FromValue(new SecretValue(password)),
            Format = format,
        };
        var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString(database)) { Username = user, Password = password }.ConnectionString;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE TABLE issues (id serial PRIMARY KEY, subject text); INSERT INTO issues (subject) SELECT 'issue ' || g FROM generate_series(1, 100) g;", connection);
            await command.ExecuteNonQueryAsync();
        }

        var source = new PostgreSqlSource(config);
        Assert.Empty(await source.DiagnoseAsync());
        var original = await PostgreSqlFingerprint.OfAsync(server.ConnectionString(database));
        var snapshot = await _harness.CaptureAsync(source);
        await server.ExecuteAsync(database, "DELETE FROM issues WHERE id > 10");

        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            await restore.CommitAsync();
        }

        Assert.Equal(original, await PostgreSqlFingerprint.OfAsync(server.ConnectionString(database)));
        Assert.Contains($"database owner {user}", original, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_password_reaches_pg_dump_through_its_environment_never_its_arguments()
    {
        var bin = _temp.CreateDirectory("spy-bin");
        var log = Path.Combine(bin, "calls.log");
        foreach (var tool in new[] { "pg_dump", "pg_restore", "psql" })
        {
            var wrapper = Path.Combine(bin, tool);
            await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\necho \"{tool} $* PGPASSWORD=${{PGPASSWORD:+set}}\" >> '{log}'\nexec '{server.Tool(tool)}' \"$@\"\n");
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var database = await PostgreSqlTestData.CreateDatabaseAsync(server, customers: 10);
        var source = new PostgreSqlSource(PostgreSqlTestData.Config(server, database) with { BinDir = bin });
        var snapshot = await _harness.CaptureAsync(source);
        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, _harness.ScratchTarget())))
        {
            Assert.Equal(await PostgreSqlFingerprint.OfAsync(server.ConnectionString(database)), await PostgreSqlFingerprint.OfAsync(restore.Location.ConnectionString!));
        }

        var calls = await File.ReadAllTextAsync(log);
        Assert.Contains("pg_dump --format=custom --compress=0 --no-password --dbname=host='127.0.0.1'", calls, StringComparison.Ordinal);
        Assert.Contains("pg_restore --exit-on-error", calls, StringComparison.Ordinal);
        Assert.Contains("PGPASSWORD=set", calls, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, calls, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scratch_copy_is_reachable_by_verify_commands_through_its_environment()
    {
        var database = await PostgreSqlTestData.CreateDatabaseAsync(server, customers: 25);
        var source = new PostgreSqlSource(PostgreSqlTestData.Config(server, database));
        var snapshot = await _harness.CaptureAsync(source);
        var target = _harness.ScratchTarget();

        await using var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, target));

        Assert.Equal($"{database}_drill_{target.DatabaseSuffix}", restore.Location.Database);
        Assert.Equal("postgres", restore.Location.Provider);
        var result = await ProcessRunner.RunAsync(server.Tool("psql"), ["-XtAc", "SELECT count(*) FROM customers"],
            new ProcessOptions { Environment = restore.Location.Environment.ToDictionary(e => e.Key, e => (string?)e.Value) });
        Assert.Equal("26", result.EnsureSuccess().StandardOutput.Trim());
    }

    [Fact]
    public async Task Restore_refuses_a_snapshot_of_another_kind()
    {
        var database = await server.CreateUniqueDatabaseAsync("pg");
        var snapshot = await _harness.CaptureAsync(new PostgreSqlSource(PostgreSqlTestData.Config(server, database)));
        snapshot.Description["kind"] = "files";

        var error = await Assert.ThrowsAsync<SourceException>(() =>
            new PostgreSqlSource(PostgreSqlTestData.Config(server, database)).RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())));

        Assert.Contains("holds a 'files' source here, not 'postgres'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_connection_string_for_the_tools_never_carries_the_password()
    {
        var endpoint = await PostgreSqlEndpoint.ResolveAsync(ConnectionUrl.Parse("postgres://app:url-secret@db.example:5433/app?sslmode=require"), null);

        Assert.Equal("host='db.example' port='5433' user='app' dbname='app' sslmode='require' application_name='lifeboat'", endpoint.ConnInfo("app"));
        Assert.Equal("url-secret", endpoint.ToolEnvironment["PGPASSWORD"]);
        Assert.Equal("[redacted] and [redacted]", endpoint.Scrubber.Scrub("url-secret and url-secret"));
    }
}
