using System.Globalization;
using Lifeboat.Manifest;
using Lifeboat.Sources.Sqlite;
using Lifeboat.Sources.Tests.Conformance;
using Lifeboat.Testing;

namespace Lifeboat.Sources.Tests.Sqlite;

/// <summary>What only the SQLite source does: an online copy while the application writes, stale companions, ownership.</summary>
public sealed class SqliteSourceTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("sqlitesource");
    private SnapshotHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await SnapshotHarness.CreateAsync(_temp.Path);

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("WAL")]
    [InlineData("DELETE")]
    public async Task A_capture_while_the_application_keeps_inserting_is_a_consistent_database(string journalMode)
    {
        var path = _temp.Combine("live", "busy.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SqliteFingerprint.Execute(path, $"PRAGMA journal_mode = {journalMode}; CREATE TABLE log (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL, line TEXT NOT NULL);");
        using var stop = new CancellationTokenSource();
        var inserted = 0;
        var writer = Task.Run(() =>
        {
            using var connection = SqliteFingerprint.Open(path);
            using (var timeout = connection.CreateCommand())
            {
                timeout.CommandText = "PRAGMA busy_timeout = 10000";
                timeout.ExecuteNonQuery();
            }

            for (var batch = 1; !stop.IsCancellationRequested || batch < 20; batch++)
            {
                // Each transaction inserts 50 rows: a consistent copy holds whole batches only.
                using var transaction = connection.BeginTransaction();
                using var command = connection.CreateCommand();
                command.CommandText = $"INSERT INTO log (batch, line) SELECT {batch}, hex(randomblob(100)) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) SELECT i FROM n)";
                command.ExecuteNonQuery();
                transaction.Commit();
                inserted = batch;
            }
        });

        while (Volatile.Read(ref inserted) < 20)
        {
            await Task.Delay(10);
        }

        var source = new SqliteSource(new SqliteSourceConfig { Name = "db", Path = path });
        var snapshot = await _harness.CaptureAsync(source);
        await stop.CancelAsync();
        await writer;

        await using var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, _harness.ScratchTarget()));
        using var copy = SqliteFingerprint.Open(restore.Location.Path!);
        Assert.Equal("ok", SqliteFingerprint.Scalar(copy, "PRAGMA integrity_check"));
        var rows = long.Parse(SqliteFingerprint.Scalar(copy, "SELECT count(*) FROM log"), CultureInfo.InvariantCulture);
        var batches = long.Parse(SqliteFingerprint.Scalar(copy, "SELECT count(DISTINCT batch) FROM log"), CultureInfo.InvariantCulture);
        Assert.True(rows >= 20 * 50, $"{rows} rows");
        Assert.Equal(batches * 50, rows);
        Assert.Equal(rows.ToString(CultureInfo.InvariantCulture), SqliteFingerprint.Scalar(copy, "SELECT max(id) FROM log"));
        Assert.Equal(journalMode.ToLowerInvariant(), snapshot.Description["journal_mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_corrupted_database_with_stale_wal_and_shm_is_replaced_and_the_stale_files_go()
    {
        var path = _temp.Combine("live", "wiki.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SqliteFingerprint.Execute(path, "PRAGMA journal_mode = WAL; CREATE TABLE pages (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO pages (title) VALUES ('home'), ('about');");
        var original = SqliteFingerprint.Of(path);
        var source = new SqliteSource(new SqliteSourceConfig { Name = "db", Path = path });
        var snapshot = await _harness.CaptureAsync(source);
        File.WriteAllText(path, "garbage where the database was");
        File.WriteAllText(path + "-wal", "a stale write-ahead log");
        File.WriteAllText(path + "-shm", "stale shared memory");

        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            Assert.False(File.Exists(path + "-wal"), "a stale -wal must never meet the restored file");
            Assert.False(File.Exists(path + "-shm"));
            Assert.Equal(original, SqliteFingerprint.Of(path));
            await restore.RollbackAsync();
        }

        Assert.Equal("garbage where the database was", File.ReadAllText(path));
        Assert.Equal("a stale write-ahead log", File.ReadAllText(path + "-wal"));
        Assert.Equal("stale shared memory", File.ReadAllText(path + "-shm"));
        Assert.Empty(TreeFingerprint.LifeboatSiblings(path));
    }

    [Fact]
    public async Task The_restored_file_takes_the_owner_and_mode_of_the_file_it_replaces()
    {
        var path = _temp.Combine("live", "app.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SqliteFingerprint.Execute(path, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var source = new SqliteSource(new SqliteSourceConfig { Name = "db", Path = path });
        var snapshot = await _harness.CaptureAsync(source);
        Assert.Equal("0640", snapshot.Description["mode"]!.GetValue<string>());
        File.Delete(path); // destroyed: the recorded mode applies

        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            await restore.CommitAsync();
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        using var restored = SqliteFingerprint.Open(path);
        Assert.Equal("1", SqliteFingerprint.Scalar(restored, "SELECT x FROM t"));
    }

    [Fact]
    public async Task Restore_into_a_relative_path_is_refused()
    {
        var path = _temp.Combine("live", "app.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SqliteFingerprint.Execute(path, "CREATE TABLE t (x);");
        var source = new SqliteSource(new SqliteSourceConfig { Name = "db", Path = path });
        var snapshot = await _harness.CaptureAsync(source);

        var error = await Assert.ThrowsAsync<SourceException>(() => source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.IntoDatabase("copy.db"))));

        Assert.Contains("absolute file path", error.Message, StringComparison.Ordinal);
    }
}
