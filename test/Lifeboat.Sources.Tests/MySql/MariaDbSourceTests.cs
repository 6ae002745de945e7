using System.Text;
using Lifeboat.Sources.MySql;
using Lifeboat.Sources.Tests.Conformance;
using Lifeboat.Testing;
using MySqlConnector;

namespace Lifeboat.Sources.Tests.MySql;

/// <summary>What only the MySQL/MariaDB source does: routines, triggers and events survive; the dump's options.</summary>
[Collection(TestCollections.MariaDb)]
public sealed class MariaDbSourceTests(MariaDbServer server) : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("mysource");
    private SnapshotHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await SnapshotHarness.CreateAsync(_temp.Path);

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Routines_triggers_and_events_work_after_an_in_place_restore()
    {
        var database = await MariaDbTestData.CreateDatabaseAsync(server);
        var source = new MySqlSource(MariaDbTestData.Config(server, database));
        var snapshot = await _harness.CaptureAsync(source);
        await server.ExecuteAsync("mysql", $"DROP DATABASE `{database}`");

        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            await restore.CommitAsync();
        }

        await server.ExecuteAsync(database, "CALL bump(5); INSERT INTO customers (name) VALUES ('after restore');");
        Assert.Equal(5, await server.ScalarAsync<int>(database, "SELECT value FROM counters WHERE name = 'calls'"));
        Assert.Equal(42, await server.ScalarAsync<int>(database, "SELECT double_it(21)"));
        Assert.Equal(1, await server.ScalarAsync<int>(database, "SELECT COUNT(*) FROM audit a JOIN customers c ON c.id = a.customer_id WHERE c.name = 'after restore'"));
        Assert.Equal("DISABLED", await server.ScalarAsync<string>("mysql", $"SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '{database}' AND EVENT_NAME = 'nightly'"));
        Assert.Equal("utf8mb4_unicode_ci", await server.ScalarAsync<string>("mysql", $"SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{database}'"));
    }

    [Fact]
    public async Task The_dump_is_a_consistent_single_transaction_sql_dump_with_routines_and_the_description_says_how_it_was_made()
    {
        var database = await MariaDbTestData.CreateDatabaseAsync(server);
        var snapshot = await _harness.CaptureAsync(new MySqlSource(MariaDbTestData.Config(server, database)));

        var sql = Encoding.UTF8.GetString(await snapshot.Reader.ReadFileAsync($"{snapshot.Path}/database.sql"));
        Assert.Contains("CREATE TABLE `customers`", sql, StringComparison.Ordinal);
        Assert.Contains("PROCEDURE `bump`", sql, StringComparison.Ordinal);
        Assert.Contains("TRIGGER", sql, StringComparison.Ordinal);
        Assert.Contains("EVENT `nightly`", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("CREATE DATABASE", sql, StringComparison.Ordinal); // restorable under another name
        var description = snapshot.Description;
        Assert.Equal("mariadb", description["kind"]!.GetValue<string>());
        Assert.Equal(database, description["database"]!.GetValue<string>());
        Assert.Equal("utf8mb4", description["character_set"]!.GetValue<string>());
        Assert.Equal("utf8mb4_unicode_ci", description["collation"]!.GetValue<string>());
        Assert.Equal("mariadb-dump", description["dump_tool"]!.GetValue<string>());
        Assert.Contains(server.Version.ToString(), description["server_version"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dump_that_fails_while_streaming_leaves_no_snapshot_and_says_why()
    {
        var database = await server.CreateUniqueDatabaseAsync("my");
        var source = new MySqlSource(MariaDbTestData.Config(server, database) with { DumpArgs = ["--where=this is not sql"] });
        await server.ExecuteAsync(database, "CREATE TABLE t (x INT); INSERT INTO t VALUES (1);");

        var error = await Assert.ThrowsAsync<SourceException>(() => _harness.CaptureAsync(source));

        Assert.Contains("mariadb-dump failed with exit code", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await _harness.SnapshotCountAsync());
    }

    [Fact]
    public async Task A_failed_load_puts_the_previous_content_back()
    {
        var database = await MariaDbTestData.CreateDatabaseAsync(server);
        var source = new MySqlSource(MariaDbTestData.Config(server, database));
        var snapshot = await _harness.CaptureAsync(source);
        await server.ExecuteAsync(database, "DELETE FROM customers WHERE id > 10");
        var live = await MariaDbFingerprint.OfAsync(server.ConnectionString(database));
        var failing = new MySqlSource(MariaDbTestData.Config(server, database) with { RestoreArgs = ["--no-such-option"] });

        var error = await Assert.ThrowsAsync<SourceException>(() => failing.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())));

        Assert.Contains("mariadb failed", error.Message, StringComparison.Ordinal);
        Assert.Equal(live, await MariaDbFingerprint.OfAsync(server.ConnectionString(database)));
        Assert.Equal(0L, await server.ScalarAsync<long>("mysql", $"SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '{database}\\_%'"));
    }

    [Fact]
    public async Task An_in_place_restore_ends_the_sessions_using_the_live_database()
    {
        var database = await MariaDbTestData.CreateDatabaseAsync(server);
        var source = new MySqlSource(MariaDbTestData.Config(server, database));
        var original = await MariaDbFingerprint.OfAsync(server.ConnectionString(database));
        var snapshot = await _harness.CaptureAsync(source);
        await using var application = new MySqlConnection(new MySqlConnectionStringBuilder(server.ConnectionString(database)) { Pooling = false }.ConnectionString);
        await application.OpenAsync();
        var transaction = await application.BeginTransactionAsync(); // holds locks, as a running application would
        await using (var hold = new MySqlCommand("SELECT COUNT(*) FROM customers FOR UPDATE", application, transaction))
        {
            await hold.ExecuteScalarAsync();
        }

        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            await restore.CommitAsync();
        }

        await Assert.ThrowsAnyAsync<MySqlException>(async () =>
        {
            await using var probe = new MySqlCommand("SELECT 1", application, transaction);
            await probe.ExecuteScalarAsync();
        });
        Assert.Equal(original, await MariaDbFingerprint.OfAsync(server.ConnectionString(database)));
    }
}
