using System.Security.Cryptography;
using Lifeboat.Cli.Tests.Services.Support;
using Lifeboat.Orchestration;
using Lifeboat.Orchestration.Backup;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Services;

/// <summary>
/// <c>lifeboat restore</c> as an operator runs it under stress: after the data is destroyed,
/// <c>restore SERVICE --yes</c> brings everything back (per-table checksums, tree comparison, env
/// content) and keeps a safety snapshot; without a terminal and without --yes nothing is touched; an
/// older snapshot is restored by the time label <c>list</c> shows; a failing fix rolls back and says
/// what failed and in which state the service is.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class RestoreCommandTests(PostgreSqlServer postgres, MariaDbServer mariaDb)
{
    [Fact]
    public async Task Restore_with_yes_after_the_data_was_destroyed_brings_every_source_back()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await lab.CreateTrackerAsync(postgres, mariaDb);

        lab.WriteManifest(tracker.Yaml());
        Assert.Equal(0, (await lab.RunAsync("backup", tracker.Name)).ExitCode);
        var original = await tracker.FingerprintAsync();
        var originalEnv = File.ReadAllText(tracker.EnvPath);

        await postgres.ExecuteAsync("postgres", $"DROP DATABASE \"{tracker.PgDatabase}\" WITH (FORCE)");
        await mariaDb.ExecuteAsync(tracker.MariaDatabase, "DELETE FROM files; DROP TABLE shares");
        Directory.Delete(tracker.FilesPath, recursive: true);
        File.WriteAllBytes(tracker.SqlitePath, RandomNumberGenerator.GetBytes(4096));
        var editedEnv = originalEnv.Replace(tracker.SecretKeyBase, "leaked-and-rotated", StringComparison.Ordinal);
        File.WriteAllText(tracker.EnvPath, editedEnv);
        File.WriteAllText(tracker.StatePath, "state overwritten\n");

        var restore = await lab.RunAsync("restore", tracker.Name, "--yes");

        Assert.True(restore.ExitCode == 0, restore.StandardError + restore.StandardOutput);
        Assert.Equal(original, await tracker.FingerprintAsync());
        Assert.Contains($"{tracker.Name}: restored from ", restore.StandardOutput, StringComparison.Ordinal);
        Assert.Single(await lab.SnapshotsAsync(tracker.Name), s => s.HasTag(ServiceSnapshots.PreRestoreTag));
        var list = await lab.RunAsync("list", tracker.Name);
        Assert.Matches(@"(?m)^\d{8}_\d{4}\s+Today\s+.*\s+pre-restore\s*$", list.StandardOutput);

        // The latest snapshot list shows is the one 'restore' restores: the backup, not the safety snapshot.
        var backup = (await lab.SnapshotsAsync(tracker.Name)).Single(s => !s.HasTag(ServiceSnapshots.PreRestoreTag));
        var latest = await lab.RunAsync("list");
        Assert.Matches($@"(?m)^{tracker.Name}\s+\d{{8}}_\d{{4}}\s+Today\s+.*\s{backup.Id.ToShortString()}\s*$", latest.StandardOutput);
    }

    [Fact]
    public async Task Restore_without_yes_and_without_a_terminal_refuses_and_changes_nothing()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var database = await postgres.CreateUniqueDatabaseAsync("shop");
        await postgres.ExecuteAsync(database, "CREATE TABLE orders (id serial PRIMARY KEY, total numeric); INSERT INTO orders (total) SELECT g FROM generate_series(1, 100) g;");
        lab.Directory.WriteFile(Path.Combine("uploads", "invoice-1.pdf"), "invoice one");
        lab.Directory.WriteFile("pg-password", postgres.Password);
        var events = lab.Combine("events.log");
        lab.WriteManifest($$"""
              shop:
                stop: [sh, -c, "echo stop >> {{events}}"]
                start: [sh, -c, "echo start >> {{events}}"]
                sources:
                  db: { type: postgres, url: "postgres://postgres@127.0.0.1:{{postgres.Port}}/{{database}}", password_file: ./pg-password }
                  uploads: { type: files, path: ./uploads }
            """);
        Assert.Equal(0, (await lab.RunAsync("backup")).ExitCode);
        await postgres.ExecuteAsync(database, "DELETE FROM orders WHERE id > 50");
        File.WriteAllText(lab.Combine("uploads", "invoice-2.pdf"), "invoice two");
        var before = await PostgreSqlChecksums.OfAsync(postgres, database) + TreeChecksums.Of(lab.Combine("uploads"));
        var eventsBefore = File.ReadAllLines(events);

        var refused = await lab.RunAsync("restore", "shop");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("refusing to replace live data without confirmation: there is no terminal to ask; pass --yes", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, await PostgreSqlChecksums.OfAsync(postgres, database) + TreeChecksums.Of(lab.Combine("uploads")));
        Assert.Equal(eventsBefore, File.ReadAllLines(events));
        Assert.DoesNotContain(await lab.SnapshotsAsync("shop"), s => s.HasTag(ServiceSnapshots.PreRestoreTag));

        // Into another database nothing live is replaced: no question to ask, and the live database stays as it is.
        var into = await lab.RunAsync("restore", "shop", "--source", "db", "--into", database + "_copy");

        Assert.True(into.ExitCode == 0, into.StandardError);
        Assert.Contains($"restore db (Postgres) into database {database}_copy", into.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("100", (await postgres.ScalarAsync<long>(database + "_copy", "SELECT count(*) FROM orders")).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(before, await PostgreSqlChecksums.OfAsync(postgres, database) + TreeChecksums.Of(lab.Combine("uploads")));
        Assert.Equal(eventsBefore, File.ReadAllLines(events));
    }

    [Fact]
    public async Task Restore_of_an_older_snapshot_by_the_time_label_list_shows()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var wiki = WikiData.Create(lab.Combine("wiki"));
        lab.WriteManifest($$"""
              wiki:
                sources:
                  db: { type: sqlite, path: {{Path.Combine(wiki, "wiki.db")}} }
                  uploads: { type: files, path: {{Path.Combine(wiki, "uploads")}} }
            """);
        var repositories = lab.Repositories(await lab.LoadAsync());
        var service = repositories.Manifest.Services["wiki"];
        var clock = new ManualClock(DateTimeOffset.Now - TimeSpan.FromDays(2));
        await new ServiceBackupRunner(repositories, SilentLog.Instance, clock).BackupAsync(service, new ServiceBackupOptions());
        var atFirst = State(wiki);
        SqliteChecksums.Execute(Path.Combine(wiki, "wiki.db"), "DELETE FROM pages WHERE id > 3");
        File.Delete(Path.Combine(wiki, "uploads", "page-2.txt"));
        clock.Advance(TimeSpan.FromMinutes(10));
        await new ServiceBackupRunner(repositories, SilentLog.Instance, clock).BackupAsync(service, new ServiceBackupOptions());
        SqliteChecksums.Execute(Path.Combine(wiki, "wiki.db"), "INSERT INTO pages (title) VALUES ('today')");
        var labels = (await lab.SnapshotsAsync("wiki")).Select(ServiceSnapshots.Label).ToList();
        var list = await lab.RunAsync("list", "wiki");
        Assert.Matches($@"(?ms)^{labels[1]}\s.*^{labels[0]}\s", list.StandardOutput);

        var restore = await lab.RunAsync("restore", "wiki", labels[0], "--yes");

        Assert.True(restore.ExitCode == 0, restore.StandardError);
        Assert.Equal(atFirst, State(wiki));
        Assert.Contains($"restore plan for 'wiki' from {labels[0]}", restore.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failing_post_restore_fix_rolls_back_and_the_error_says_what_failed_and_the_state()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var database = await postgres.CreateUniqueDatabaseAsync("tracker");
        await postgres.ExecuteAsync(database, "CREATE TABLE issues (id serial PRIMARY KEY, title text); INSERT INTO issues (title) SELECT 'issue ' || g FROM generate_series(1, 50) g;");
        lab.Directory.WriteFile("pg-password", postgres.Password);
        var events = lab.Combine("events.log");
        lab.WriteManifest($$"""
              tracker:
                stop: [sh, -c, "echo stop >> {{events}}"]
                start: [sh, -c, "echo start >> {{events}}"]
                sources:
                  db: { type: postgres, url: "postgres://postgres@127.0.0.1:{{postgres.Port}}/{{database}}", password_file: ./pg-password }
                post_restore:
                  - { name: fix_migration_lock, description: "A restore can leave the migration table locked; unlock it.", source: db, sql: "UPDATE schema_migrations_lock SET locked = false" }
            """);
        Assert.Equal(0, (await lab.RunAsync("backup")).ExitCode);
        await postgres.ExecuteAsync(database, "INSERT INTO issues (title) VALUES ('filed after the backup')");
        var before = await PostgreSqlChecksums.OfAsync(postgres, database);

        var restore = await lab.RunAsync("restore", "tracker", "--yes");

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("tracker: post-restore fix_migration_lock: A restore can leave the migration table locked; unlock it.", restore.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("error: tracker: restore failed: post-restore fix_migration_lock failed: SQL on 'db' failed: 42P01: relation \"schema_migrations_lock\" does not exist", restore.StandardError, StringComparison.Ordinal);
        Assert.Contains("every source was rolled back to its state before the restore and the service was started again", restore.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, await PostgreSqlChecksums.OfAsync(postgres, database));
        Assert.Equal("start", File.ReadAllLines(events)[^1]);
    }

    private static string State(string wiki) => SqliteChecksums.Of(Path.Combine(wiki, "wiki.db")) + TreeChecksums.Of(Path.Combine(wiki, "uploads"));
}
