using Lifeboat.Orchestration.Backup;
using Lifeboat.Orchestration.Restore;
using Lifeboat.Orchestration.Tests.Support;
using Lifeboat.Testing;

namespace Lifeboat.Orchestration.Tests;

/// <summary>
/// Restores as an operator checks them: after the data is destroyed everything comes back identical
/// (per-table checksums, tree comparison, env content) with a safety snapshot of what it replaced;
/// <c>--into</c> leaves the live database alone; an older snapshot is found by its time label; a
/// failing post-restore step or health check puts everything back as it was and starts the service.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class ServiceRestoreRunnerTests(PostgreSqlServer postgres, MariaDbServer mariaDb)
{
    [Fact]
    public async Task Restore_after_the_data_was_destroyed_brings_every_source_back_and_keeps_a_safety_snapshot()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await TrackerService.CreateAsync(lab, postgres, mariaDb);
        var manifest = await lab.LoadAsync(tracker.Yaml(), tracker.Variables);
        var service = manifest.Services[tracker.Name];
        var log = new RecordingLog();
        var backup = await new ServiceBackupRunner(lab.Repositories(manifest), log, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions());
        Assert.True(backup.Outcome == BackupOutcome.Succeeded, backup.Error);
        var original = await tracker.FingerprintAsync();
        var originalEnv = File.ReadAllText(tracker.EnvPath);

        // Destroy: drop the databases, delete the files, corrupt the SQLite file, edit the .env, overwrite the state.
        await postgres.ExecuteAsync("postgres", $"DROP DATABASE \"{tracker.PgDatabase}\" WITH (FORCE)");
        await mariaDb.ExecuteAsync("mysql", $"DROP DATABASE `{tracker.MariaDatabase}`");
        Directory.Delete(tracker.FilesPath, recursive: true);
        File.WriteAllBytes(tracker.SqlitePath, Enumerable.Repeat((byte)0x5a, 8192).ToArray());
        var editedEnv = originalEnv.Replace(tracker.SecretKeyBase, "leaked-and-rotated", StringComparison.Ordinal) + "NEW_SETTING=kept\n";
        File.WriteAllText(tracker.EnvPath, editedEnv);
        File.WriteAllText(tracker.StatePath, "state overwritten\n");

        var runner = new ServiceRestoreRunner(lab.Repositories(manifest), log, TimeProvider.System);
        var request = new RestoreRequest();
        var plan = await runner.PlanAsync(service, request);
        Assert.True(plan.InPlace);
        Assert.Equal(backup.Snapshot, plan.Snapshot.Id);
        var eventsBefore = tracker.Events().Length;
        var result = await runner.RestoreAsync(plan, request);

        // The env slice is merged: its key is back, the other lines stay as they are now.
        var expectedEnv = editedEnv.Replace("leaked-and-rotated", tracker.SecretKeyBase, StringComparison.Ordinal);
        Assert.Equal(original.Replace(originalEnv, expectedEnv, StringComparison.Ordinal), await tracker.FingerprintAsync());
        Assert.False(result.RolledBack);
        // The safety snapshot holds what was left to save; what was gone is named in its lifeboat.json and in the log.
        var safety = Assert.Single(await lab.SnapshotsAsync(tracker.Name), s => s.HasTag(ServiceSnapshots.PreRestoreTag));
        Assert.Equal(result.SafetySnapshot, safety.Id);
        var safetyDescription = System.Text.Json.Nodes.JsonNode.Parse(
            await new Repository.Snapshots.SnapshotReader(await lab.OpenRepositoryAsync(), safety).ReadFileAsync($"{tracker.Name}/lifeboat.json"))!;
        Assert.Equal(["env", "state"], safetyDescription["sources"]!.AsObject().Select(s => s.Key));
        Assert.Equal(["db", "drive", "settings", "files"], safetyDescription["left_out"]!.AsObject().Select(s => s.Key));
        Assert.Contains(log.Lines, line => line.StartsWith($"warning: {tracker.Name}: db is left out of this snapshot: source 'db': ", StringComparison.Ordinal));

        // One stop window holds the safety snapshot and the restore: nothing the service writes between them is lost.
        Assert.Equal(["stop", "start"], tracker.Events()[eventsBefore..]);
        Assert.Equal("service stopped while sources were captured", safetyDescription["consistency"]!.GetValue<string>());
    }

    [Fact]
    public async Task Restore_into_a_new_database_leaves_the_live_database_untouched()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await TrackerService.CreateAsync(lab, postgres, mariaDb);
        var manifest = await lab.LoadAsync(tracker.Yaml(), tracker.Variables);
        var service = manifest.Services[tracker.Name];
        var log = new RecordingLog();
        await new ServiceBackupRunner(lab.Repositories(manifest), log, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions());
        var pgAtBackup = await PostgreSqlChecksums.OfAsync(postgres, tracker.PgDatabase);
        var mariaAtBackup = await MariaDbChecksums.OfAsync(mariaDb, tracker.MariaDatabase);
        await tracker.ChangeAsync();
        var liveBefore = await tracker.FingerprintAsync();
        var eventsBefore = tracker.Events();

        var runner = new ServiceRestoreRunner(lab.Repositories(manifest), log, TimeProvider.System);
        var pgCopy = tracker.PgDatabase + "_copy";
        var mariaCopy = tracker.MariaDatabase + "_copy";
        foreach (var (source, into) in new[] { ("db", pgCopy), ("drive", mariaCopy) })
        {
            var request = new RestoreRequest { Sources = [source], Into = into };
            var plan = await runner.PlanAsync(service, request);
            Assert.False(plan.InPlace);
            var result = await runner.RestoreAsync(plan, request);
            Assert.Null(result.SafetySnapshot);
        }

        Assert.Equal(pgAtBackup, await PostgreSqlChecksums.OfAsync(postgres, pgCopy));
        Assert.Equal(mariaAtBackup, await MariaDbChecksums.OfAsync(mariaDb, mariaCopy));
        Assert.Equal(liveBefore, await tracker.FingerprintAsync());
        Assert.Equal(eventsBefore, tracker.Events());
        Assert.DoesNotContain(await lab.SnapshotsAsync(tracker.Name), s => s.HasTag(ServiceSnapshots.PreRestoreTag));
    }

    [Fact]
    public async Task Restore_of_an_older_snapshot_by_its_time_label_brings_back_that_state()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var data = WikiData.Create(lab.Combine("wiki"));
        var manifest = await lab.LoadAsync($$"""
              wiki:
                sources:
                  db: { type: sqlite, path: {{Path.Combine(data, "wiki.db")}} }
                  uploads: { type: files, path: {{Path.Combine(data, "uploads")}} }
            """);
        var service = manifest.Services["wiki"];
        var clock = new ManualClock(new DateTimeOffset(2024, 3, 1, 10, 0, 30, TimeZoneInfo.Local.GetUtcOffset(new DateTime(2024, 3, 1, 10, 0, 30))));
        var log = new RecordingLog();
        var repositories = lab.Repositories(manifest);
        var backups = new ServiceBackupRunner(repositories, log, clock);

        var first = await backups.BackupAsync(service, new ServiceBackupOptions());
        var atFirst = WikiState(data);
        SqliteChecksums.Execute(Path.Combine(data, "wiki.db"), "INSERT INTO pages (title) VALUES ('written at ten past')");
        File.WriteAllText(Path.Combine(data, "uploads", "late.txt"), "uploaded later");
        clock.Advance(TimeSpan.FromMinutes(7));
        var second = await backups.BackupAsync(service, new ServiceBackupOptions());
        var atSecond = WikiState(data);
        Assert.NotEqual(atFirst, atSecond);

        var runner = new ServiceRestoreRunner(repositories, log, clock);
        var older = new RestoreRequest { Snapshot = "20240301_1000" };
        var plan = await runner.PlanAsync(service, older);
        Assert.Equal(first.Snapshot, plan.Snapshot.Id);
        await runner.RestoreAsync(plan, older);
        Assert.Equal(atFirst, WikiState(data));

        // The restore's safety snapshot was taken in the minute of the second backup: that label still means the backup.
        var newer = new RestoreRequest { Snapshot = "20240301_1007" };
        var newerPlan = await runner.PlanAsync(service, newer);
        Assert.Equal(second.Snapshot, newerPlan.Snapshot.Id);
        await runner.RestoreAsync(newerPlan, newer);
        Assert.Equal(atSecond, WikiState(data));
    }

    public static TheoryData<string, string> FailingSteps => new()
    {
        {
            "post_restore: [{ name: fix_migration_lock, description: unlock migrations, source: db, sql: \"UPDATE no_such_table SET locked = false\" }]",
            "post-restore fix_migration_lock"
        },
        {
            "post_restore: [{ name: chown_files, run: [sh, -c, \"echo chown refused >&2; exit 1\"] }]",
            "post-restore chown_files exited with code 1"
        },
        {
            "health: { command: [sh, -c, \"exit 1\"], timeout: 2s, interval: 1s }",
            "health check failed"
        },
    };

    [Theory]
    [MemberData(nameof(FailingSteps))]
    public async Task Failing_step_after_the_sources_rolls_everything_back_and_starts_the_service(string step, string expectedFailure)
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await TrackerService.CreateAsync(lab, postgres, mariaDb);
        var manifest = await lab.LoadAsync(tracker.Yaml("    " + step), tracker.Variables);
        var service = manifest.Services[tracker.Name];
        var log = new RecordingLog();
        await new ServiceBackupRunner(lab.Repositories(manifest), log, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions());
        await tracker.ChangeAsync();
        var before = await tracker.FingerprintAsync();

        var runner = new ServiceRestoreRunner(lab.Repositories(manifest), log, TimeProvider.System);
        var request = new RestoreRequest();
        var plan = await runner.PlanAsync(service, request);
        var failure = await Assert.ThrowsAsync<LifeboatException>(() => runner.RestoreAsync(plan, request));

        Assert.Equal(before, await tracker.FingerprintAsync());
        Assert.Contains(expectedFailure, failure.Message, StringComparison.Ordinal);
        Assert.Contains("every source was rolled back to its state before the restore and the service was started again", failure.Message, StringComparison.Ordinal);
        Assert.Equal("start", tracker.Events()[^1]);
        Assert.Empty(await PostgreSqlChecksums.DatabasesAsync(postgres, tracker.PgDatabase + "_"));
        Assert.Empty(await MariaDbChecksums.DatabasesAsync(mariaDb, tracker.MariaDatabase + "_"));
    }

    [Fact]
    public async Task Restore_refuses_and_says_why_when_a_before_backup_hook_skips_the_safety_snapshot()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var data = WikiData.Create(lab.Combine("wiki"));
        var maintenance = lab.Combine("maintenance");
        var manifest = await lab.LoadAsync($$"""
              wiki:
                hooks: { before_backup: [sh, -c, "test -e {{maintenance}} && exit 75; exit 0"] }
                sources:
                  db: { type: sqlite, path: {{Path.Combine(data, "wiki.db")}} }
            """);
        var service = manifest.Services["wiki"];
        var log = new RecordingLog();
        await new ServiceBackupRunner(lab.Repositories(manifest), log, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions());
        SqliteChecksums.Execute(Path.Combine(data, "wiki.db"), "DELETE FROM pages WHERE id > 5");
        var before = SqliteChecksums.Of(Path.Combine(data, "wiki.db"));
        File.WriteAllText(maintenance, "backups paused");

        var runner = new ServiceRestoreRunner(lab.Repositories(manifest), log, TimeProvider.System);
        var request = new RestoreRequest();
        var failure = await Assert.ThrowsAsync<LifeboatException>(async () => await runner.RestoreAsync(await runner.PlanAsync(service, request), request));

        Assert.Equal("wiki: the safety snapshot was skipped (the before_backup hook exited 75); nothing was restored", failure.Message);
        Assert.Equal(before, SqliteChecksums.Of(Path.Combine(data, "wiki.db")));
    }

    [Fact]
    public async Task Restore_whose_safety_snapshot_fails_after_the_stop_restores_nothing_and_starts_the_service_again()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var data = WikiData.Create(lab.Combine("wiki"));
        var events = lab.EventsPath;
        var broken = lab.Combine("exporter-broken");
        var manifest = await lab.LoadAsync($$"""
              wiki:
                {{lab.StopStart}}
                sources:
                  db: { type: sqlite, path: {{Path.Combine(data, "wiki.db")}} }
                  export: { type: command, backup: [sh, -c, "test -e {{broken}} && exit 3; echo exported"], restore: [sh, -c, "cat > /dev/null"] }
            """);
        var service = manifest.Services["wiki"];
        var log = new RecordingLog();
        var backup = await new ServiceBackupRunner(lab.Repositories(manifest), log, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions());
        Assert.True(backup.Outcome == BackupOutcome.Succeeded, backup.Error);
        SqliteChecksums.Execute(Path.Combine(data, "wiki.db"), "DELETE FROM pages WHERE id > 5");
        var before = SqliteChecksums.Of(Path.Combine(data, "wiki.db"));
        File.WriteAllText(broken, "the exporter now fails");
        var eventsBefore = File.ReadAllLines(events).Length;

        var runner = new ServiceRestoreRunner(lab.Repositories(manifest), log, TimeProvider.System);
        var request = new RestoreRequest();
        var failure = await Assert.ThrowsAsync<LifeboatException>(async () => await runner.RestoreAsync(await runner.PlanAsync(service, request), request));

        Assert.StartsWith("wiki: the safety snapshot failed (", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("); nothing was restored; the service was started again", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["stop", "start"], File.ReadAllLines(events)[eventsBefore..]);
        Assert.Equal(before, SqliteChecksums.Of(Path.Combine(data, "wiki.db")));
        Assert.DoesNotContain(await lab.SnapshotsAsync("wiki"), s => s.HasTag(ServiceSnapshots.PreRestoreTag));
    }

    [Fact]
    public async Task Restore_whose_postgresql_load_fails_beside_the_safety_snapshot_changes_nothing_and_starts_the_service_again()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await TrackerService.CreateAsync(lab, postgres, mariaDb);
        var yaml = tracker.Yaml();
        var manifest = await lab.LoadAsync(yaml, tracker.Variables);
        var service = manifest.Services[tracker.Name];
        var log = new RecordingLog();
        Assert.Equal(BackupOutcome.Succeeded, (await new ServiceBackupRunner(lab.Repositories(manifest), log, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions())).Outcome);
        await tracker.ChangeAsync();
        var before = await tracker.FingerprintAsync();
        var eventsBefore = tracker.Events().Length;

        // pg_restore now refuses its arguments: loading the database beside the live one fails.
        var broken = await lab.LoadAsync(
            yaml.Replace($"password_file: {tracker.PgPasswordFile} }}", $"password_file: {tracker.PgPasswordFile}, restore_args: [--no-such-option] }}", StringComparison.Ordinal),
            tracker.Variables);
        var runner = new ServiceRestoreRunner(lab.Repositories(broken), log, TimeProvider.System);
        var request = new RestoreRequest();
        var failure = await Assert.ThrowsAsync<LifeboatException>(async () => await runner.RestoreAsync(await runner.PlanAsync(broken.Services[tracker.Name], request), request));

        Assert.Contains("pg_restore", failure.Message, StringComparison.Ordinal);
        Assert.Contains(log.Lines, line => line.Contains("loading it beside the live data", StringComparison.Ordinal));
        Assert.Equal(before, await tracker.FingerprintAsync());
        Assert.Equal(["stop", "start"], tracker.Events()[eventsBefore..]);
        Assert.Empty(await PostgreSqlChecksums.DatabasesAsync(postgres, tracker.PgDatabase + "_"));
        Assert.Empty(await MariaDbChecksums.DatabasesAsync(mariaDb, tracker.MariaDatabase + "_"));
        // The safety snapshot was taken before the failure was known, and holds the state kept.
        Assert.Single(await lab.SnapshotsAsync(tracker.Name), s => s.HasTag(ServiceSnapshots.PreRestoreTag));
    }

    [Fact]
    public async Task Restore_whose_safety_snapshot_fails_removes_what_postgresql_loaded_beside_the_live_data()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await TrackerService.CreateAsync(lab, postgres, mariaDb);
        var yaml = tracker.Yaml();
        var manifest = await lab.LoadAsync(yaml, tracker.Variables);
        var log = new RecordingLog();
        Assert.Equal(BackupOutcome.Succeeded, (await new ServiceBackupRunner(lab.Repositories(manifest), log, TimeProvider.System).BackupAsync(manifest.Services[tracker.Name], new ServiceBackupOptions())).Outcome);
        await tracker.ChangeAsync();
        var before = await tracker.FingerprintAsync();

        // The state command's backup now fails, late: the database is loaded beside the live one by then.
        var failing = await lab.LoadAsync(
            yaml.Replace($"backup: [cat, {tracker.StatePath}]", "backup: [sh, -c, \"sleep 3; exit 1\"]", StringComparison.Ordinal),
            tracker.Variables);
        var runner = new ServiceRestoreRunner(lab.Repositories(failing), log, TimeProvider.System);
        var request = new RestoreRequest();
        var failure = await Assert.ThrowsAsync<LifeboatException>(async () => await runner.RestoreAsync(await runner.PlanAsync(failing.Services[tracker.Name], request), request));

        Assert.StartsWith($"{tracker.Name}: the safety snapshot failed (", failure.Message, StringComparison.Ordinal);
        Assert.Contains(log.Lines, line => line.Contains($"db: creating database {tracker.PgDatabase}_restoring_", StringComparison.Ordinal));
        Assert.Equal("start", tracker.Events()[^1]);
        Assert.Empty(await PostgreSqlChecksums.DatabasesAsync(postgres, tracker.PgDatabase + "_"));
        Assert.Equal(before, await tracker.FingerprintAsync());
    }

    [Fact]
    public async Task A_source_inside_another_sources_directory_is_restored_after_the_stop_and_both_come_back()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var data = WikiData.Create(lab.Combine("wiki"));
        var database = Path.Combine(data, "wiki.db");
        var manifest = await lab.LoadAsync($$"""
              wiki:
                {{lab.StopStart}}
                sources:
                  site: { type: files, path: {{data}}, exclude: ["*.db", "*.db-*"] }
                  db: { type: sqlite, path: {{database}} }
            """);
        var service = manifest.Services["wiki"];
        var log = new RecordingLog();
        Assert.Equal(BackupOutcome.Succeeded, (await new ServiceBackupRunner(lab.Repositories(manifest), log, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions())).Outcome);
        var pages = SqliteChecksums.Of(database);
        var site = TreeChecksums.Of(data, path => !path.StartsWith("wiki.db", StringComparison.Ordinal));
        SqliteChecksums.Execute(database, "DELETE FROM pages WHERE id > 5");
        File.Delete(Directory.EnumerateFiles(Path.Combine(data, "uploads")).First());

        var runner = new ServiceRestoreRunner(lab.Repositories(manifest), log, TimeProvider.System);
        var request = new RestoreRequest();
        var plan = await runner.PlanAsync(service, request);
        Assert.Equal(["site"], plan.LoadedAhead);
        var result = await runner.RestoreAsync(plan, request);

        Assert.NotNull(result.SafetySnapshot);
        Assert.Equal(pages, SqliteChecksums.Of(database));
        Assert.Equal(site, TreeChecksums.Of(data, path => !path.StartsWith("wiki.db", StringComparison.Ordinal)));
        Assert.Contains(log.Lines, line => line.StartsWith("info: wiki: restoring site (Files) in place: loading it beside the live data", StringComparison.Ordinal));
        Assert.Contains("info: wiki: restoring db (Sqlite) in place", log.Lines);
        Assert.Empty(Directory.EnumerateFileSystemEntries(lab.Combine("wiki"), "*.lifeboat-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Restore_whose_lock_meets_an_exclusive_lock_while_settling_touches_nothing()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var data = WikiData.Create(lab.Combine("wiki"));
        var events = lab.EventsPath;
        var manifest = await lab.LoadAsync($$"""
              wiki:
                {{lab.StopStart}}
                sources:
                  db: { type: sqlite, path: {{Path.Combine(data, "wiki.db")}} }
            """);
        var service = manifest.Services["wiki"];
        var log = new RecordingLog();
        await new ServiceBackupRunner(lab.Repositories(manifest), log, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions());
        SqliteChecksums.Execute(Path.Combine(data, "wiki.db"), "DELETE FROM pages WHERE id > 5");
        var before = SqliteChecksums.Of(Path.Combine(data, "wiki.db"));
        File.Delete(events);

        // The restore's lock settles on a clock the test moves; meanwhile a prune elsewhere locks exclusively.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var runner = new ServiceRestoreRunner(lab.Repositories(manifest), log, clock);
        var request = new RestoreRequest { NoSafetySnapshot = true };
        var plan = await runner.PlanAsync(service, request);
        var restoring = runner.RestoreAsync(plan, request);
        var locks = Path.Combine(lab.RepositoryPath, "locks");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!System.IO.Directory.EnumerateFiles(locks).Any() && !restoring.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await using (var repository = await lab.OpenRepositoryAsync())
        {
            await repository.SaveJsonAsync(Storage.FileType.Lock, new Repository.Locks.LockFile
            {
                Time = new Repository.ResticTime(clock.GetLocalNow()),
                Exclusive = true,
                Hostname = "other-host",
                Username = "backup",
                Pid = 4242,
            });
        }

        // The restore may see its lock file written before it starts the settle wait on the clock: the clock
        // moves on in small steps until the restore ends, as a real one would.
        deadline = DateTime.UtcNow.AddMinutes(1);
        while (!restoring.IsCompleted && DateTime.UtcNow < deadline)
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.WhenAny(restoring, Task.Delay(20));
        }

        var failure = await Assert.ThrowsAsync<LifeboatException>(() => restoring.WaitAsync(TimeSpan.FromSeconds(1)));

        Assert.Contains("repository is already locked", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(events), "the service must be neither stopped nor started when the lock is not confirmed");
        Assert.Equal(before, SqliteChecksums.Of(Path.Combine(data, "wiki.db")));
    }

    [Fact]
    public async Task Second_restore_of_a_service_while_one_runs_on_this_host_is_refused_and_changes_nothing()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var data = WikiData.Create(lab.Combine("wiki"));
        var name = "wiki";
        var manifest = await lab.LoadAsync($$"""
              {{name}}:
                {{lab.StopStart}}
                sources:
                  db: { type: sqlite, path: {{Path.Combine(data, "wiki.db")}} }
            """);
        var service = manifest.Services[name];
        var log = new RecordingLog();
        await new ServiceBackupRunner(lab.Repositories(manifest), log, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions());
        SqliteChecksums.Execute(Path.Combine(data, "wiki.db"), "DELETE FROM pages WHERE id > 5");
        var before = SqliteChecksums.Of(Path.Combine(data, "wiki.db"));
        File.Delete(lab.EventsPath);
        var runner = new ServiceRestoreRunner(lab.Repositories(manifest), log, TimeProvider.System);
        var request = new RestoreRequest();
        var plan = await runner.PlanAsync(service, request);

        // The gate another restore of the service holds (an advisory lock on its file, as a running process holds it).
        var manifestId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(manifest.Files[0]))))[..8];
        var gatePath = Path.Combine(Path.GetTempPath(), $"lifeboat-restore-{name}-{manifestId}.lock");
        try
        {
            using (new FileStream(gatePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            {
                var refused = await Assert.ThrowsAsync<LifeboatException>(() => runner.RestoreAsync(plan, request));
                Assert.Equal($"{name}: another restore of this service is running on this host; nothing was changed", refused.Message);
            }

            Assert.Equal(before, SqliteChecksums.Of(Path.Combine(data, "wiki.db")));
            Assert.False(File.Exists(lab.EventsPath), "the service must be neither stopped nor started");
            Assert.Empty(await lab.SnapshotsAsync(name) is var snapshots ? snapshots.Where(s => s.HasTag(ServiceSnapshots.PreRestoreTag)) : []);

            // Once it has finished, the restore runs.
            var result = await runner.RestoreAsync(plan, request);
            Assert.False(result.RolledBack);
            Assert.NotEqual(before, SqliteChecksums.Of(Path.Combine(data, "wiki.db")));
        }
        finally
        {
            File.Delete(gatePath);
        }
    }

    private static string WikiState(string data) =>
        SqliteChecksums.Of(Path.Combine(data, "wiki.db")) + TreeChecksums.Of(Path.Combine(data, "uploads"));
}
