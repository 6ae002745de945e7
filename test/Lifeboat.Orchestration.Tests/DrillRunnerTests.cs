using Lifeboat.Orchestration.Backup;
using Lifeboat.Orchestration.Drills;
using Lifeboat.Orchestration.Evidence;
using Lifeboat.Orchestration.Tests.Support;
using Lifeboat.Testing;

namespace Lifeboat.Orchestration.Tests;

/// <summary>
/// Drills as an operator checks them: a good backup passes every check; a failing expectation, a
/// missing table or a database that references files the files source does not have fails and says
/// what was expected and what was found; the live data is byte-identical afterwards; the scratch
/// databases and directories are gone; the result is recorded as evidence.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class DrillRunnerTests(PostgreSqlServer postgres, MariaDbServer mariaDb)
{
    private const string GoodChecks = """
            post_restore:
              - { name: fix_migration_lock, source: db, sql: "UPDATE schema_migrations_lock SET locked = false WHERE locked" }
            verify:
              - { name: issues_present, type: sql, source: db, query: "SELECT count(*) FROM issues", expect_min: 300 }
              - { name: core_tables, type: sql, source: db, tables: [issues, projects, attachments] }
              - { name: lock_fixed_on_the_copy, type: sql, source: db, query: "SELECT locked FROM schema_migrations_lock", expect_value: "False" }
              - { name: drive_rows, type: sql, source: drive, query: "SELECT path FROM files WHERE id = 1", expect_value: docs/f1.txt }
              - { name: settings_rows, type: sql, source: settings, query: "SELECT * FROM settings", expect_rows: 3 }
              - { name: uploads_present, type: files, source: files, paths: [readme.txt, 2024/01], min_count: 7 }
              - name: attachments_exist
                type: references
                source: db
                query: "SELECT disk_path FROM attachments"
                files_source: files
              - { name: env_has_key, type: command, run: [sh, -c, "grep -q '^SECRET_KEY_BASE=' \"$LIFEBOAT_SOURCE_ENV_PATH\""] }
        """;

    [Fact]
    public async Task Drill_of_a_good_backup_passes_every_check_and_leaves_live_data_and_no_scratch_copy()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var (tracker, service, log, repositories) = await BackedUpTrackerAsync(lab, GoodChecks);
        var live = await tracker.FingerprintAsync();
        var sqliteBytes = TreeChecksums.Sha256(tracker.SqlitePath);
        var events = tracker.Events();

        var result = await new DrillRunner(repositories, log, TimeProvider.System).DrillAsync(service, "latest", keep: false);

        Assert.True(result.Passed, $"{result.Error}\n{string.Join('\n', result.Checks)}\n{log.Text}");
        Assert.Equal(
            ["issues_present", "core_tables", "lock_fixed_on_the_copy", "drive_rows", "settings_rows", "uploads_present", "attachments_exist", "env_has_key"],
            result.Checks.Select(c => c.Name));
        Assert.True(result.RestoreDuration > TimeSpan.Zero);
        var shortId = result.Snapshot.ToShortString();
        Assert.Equal($"{tracker.PgDatabase}_drill_{shortId}", result.Locations["db"]);
        Assert.Equal($"{tracker.MariaDatabase}_drill_{shortId}", result.Locations["drive"]);
        Assert.Equal(live, await tracker.FingerprintAsync());
        Assert.Equal(sqliteBytes, TreeChecksums.Sha256(tracker.SqlitePath));
        Assert.Equal(events, tracker.Events());
        await AssertNoScratchLeftAsync(tracker);
        var evidence = await new EvidenceStore(await lab.OpenRepositoryAsync(), TimeProvider.System)
            .LatestAsync(EvidenceRecord.Drill, ServiceSnapshots.ServiceTag(tracker.Name));
        Assert.True(evidence is { Succeeded: true }, evidence?.ToJson().ToString());
    }

    public static TheoryData<string, string> FailingChecks => new()
    {
        {
            "{ name: enough_issues, type: sql, source: db, query: \"SELECT count(*) FROM issues\", expect_min: 1000 }",
            "expected at least 1000, found 300"
        },
        {
            "{ name: core_tables, type: sql, source: db, tables: [issues, wiki_pages] }",
            "expected table 'wiki_pages' to exist; it does not"
        },
        {
            "{ name: theme, type: sql, source: settings, query: \"SELECT value FROM settings WHERE key = 'theme'\", expect_value: light }",
            "expected 'light', found 'dark'"
        },
    };

    [Theory]
    [MemberData(nameof(FailingChecks))]
    public async Task Drill_with_a_failing_check_fails_and_says_what_was_expected_and_found(string check, string expected)
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await TrackerService.CreateAsync(lab, postgres, mariaDb);
        var manifest = await lab.LoadAsync(tracker.Yaml($"    verify:\n      - {check}"), tracker.Variables);
        var service = manifest.Services[tracker.Name];
        var log = new RecordingLog();
        var repositories = lab.Repositories(manifest);
        await new ServiceBackupRunner(repositories, log, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions());
        var live = await tracker.FingerprintAsync();

        var result = await new DrillRunner(repositories, log, TimeProvider.System).DrillAsync(service, "latest", keep: false);

        Assert.False(result.Passed);
        Assert.Null(result.Error);
        var outcome = Assert.Single(result.Checks);
        Assert.False(outcome.Passed);
        Assert.Equal(expected, outcome.Failure);
        Assert.Contains(log.Lines, line => line.Contains($"FAIL {outcome.Name}: {expected}", StringComparison.Ordinal));
        Assert.Equal(live, await tracker.FingerprintAsync());
        await AssertNoScratchLeftAsync(tracker);
        var evidence = await new EvidenceStore(await lab.OpenRepositoryAsync(), TimeProvider.System)
            .LatestAsync(EvidenceRecord.Drill, ServiceSnapshots.ServiceTag(tracker.Name));
        Assert.NotNull(evidence);
        Assert.False(evidence.Succeeded);
        Assert.Equal(expected, (string?)evidence.Details["checks"]![0]!["failure"]);
    }

    [Fact]
    public async Task Drill_fails_when_the_database_references_files_that_the_files_source_captured_before_they_existed()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await TrackerService.CreateAsync(lab, postgres, mariaDb);

        // The uploads are backed up from a mirror that stopped syncing: the database is newer than the files.
        var mirror = lab.Combine("mirror");
        CopyDirectory(tracker.FilesPath, mirror);
        await postgres.ExecuteAsync(tracker.PgDatabase, "INSERT INTO attachments (issue_id, disk_path) VALUES (7, '2024/01/att-7.bin')");
        File.WriteAllText(Path.Combine(tracker.FilesPath, "2024", "01", "att-7.bin"), "uploaded after the mirror stopped");
        var manifest = await lab.LoadAsync($$"""
              {{tracker.Name}}:
                sources:
                  db: { type: postgres, url: "postgres://postgres@127.0.0.1:{{postgres.Port}}/{{tracker.PgDatabase}}", password_file: {{tracker.PgPasswordFile}} }
                  files: { type: files, path: {{mirror}} }
                verify:
                  - { name: attachments_exist, type: references, source: db, query: "SELECT disk_path FROM attachments ORDER BY id", files_source: files }
            """);
        var service = manifest.Services[tracker.Name];
        var log = new RecordingLog();
        var repositories = lab.Repositories(manifest);
        await new ServiceBackupRunner(repositories, log, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions());

        var result = await new DrillRunner(repositories, log, TimeProvider.System).DrillAsync(service, "latest", keep: false);

        Assert.False(result.Passed);
        var outcome = Assert.Single(result.Checks);
        Assert.Equal("expected all 7 referenced files in 'files', 1 missing (first: 2024/01/att-7.bin)", outcome.Failure);
        await AssertNoScratchLeftAsync(tracker);
    }

    [Fact]
    public async Task Drill_on_a_declared_drill_server_uses_its_password_and_only_for_sources_of_its_kind()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await TrackerService.CreateAsync(lab, postgres, mariaDb);
        var manifest = await lab.LoadAsync(
            $$"""
              {{tracker.Name}}:
                sources:
                  db: { type: postgres, url: "postgres://postgres@127.0.0.1:{{postgres.Port}}/{{tracker.PgDatabase}}", password_file: {{tracker.PgPasswordFile}} }
                  drive: { type: mariadb, url: "mariadb://root@127.0.0.1:{{mariaDb.Port}}/{{tracker.MariaDatabase}}", password: "${MARIADB_PASSWORD}" }
                verify:
                  - { name: issues_present, type: sql, source: db, query: "SELECT count(*) FROM issues", expect_min: 300 }
                  - { name: drive_rows, type: sql, source: drive, query: "SELECT count(*) FROM files", expect_min: 50 }
                drill:
                  server: "postgres://postgres@127.0.0.1:{{postgres.Port}}/"
                  password: "${DRILL_DB_PASSWORD}"
            """,
            new Dictionary<string, string> { ["MARIADB_PASSWORD"] = mariaDb.Password, ["DRILL_DB_PASSWORD"] = postgres.Password });
        var service = manifest.Services[tracker.Name];
        var log = new RecordingLog();
        var repositories = lab.Repositories(manifest);
        await new ServiceBackupRunner(repositories, log, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions());

        var result = await new DrillRunner(repositories, log, TimeProvider.System).DrillAsync(service, "latest", keep: false);

        Assert.True(result.Passed, $"{result.Error}\n{string.Join('\n', result.Checks)}\n{log.Text}");
        await AssertNoScratchLeftAsync(tracker);
    }

    [Fact]
    public async Task Drill_removes_the_scratch_databases_and_directories_that_a_killed_drill_left()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await TrackerService.CreateAsync(lab, postgres, mariaDb);
        var manifest = await lab.LoadAsync(tracker.Yaml(), tracker.Variables);
        var service = manifest.Services[tracker.Name];
        var log = new RecordingLog();
        var repositories = lab.Repositories(manifest);
        var backup = await new ServiceBackupRunner(repositories, log, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions());

        // What a drill killed during its restore leaves: its scratch databases, and its directory marked with its (dead) process id.
        var suffix = "_drill_" + backup.Snapshot!.Value.ToShortString();
        await postgres.CreateDatabaseAsync(tracker.PgDatabase + suffix);
        await mariaDb.CreateDatabaseAsync(tracker.MariaDatabase + suffix);
        var leftover = Directory.CreateTempSubdirectory($"lifeboat-drill-{tracker.Name}-").FullName;
        File.WriteAllText(Path.Combine(leftover, ".lifeboat-drill"), DeadProcessId().ToString(System.Globalization.CultureInfo.InvariantCulture));

        var result = await new DrillRunner(repositories, log, TimeProvider.System).DrillAsync(service, "latest", keep: false);

        Assert.True(result.Passed, $"{result.Error}\n{log.Text}");
        Assert.False(Directory.Exists(leftover));
        await AssertNoScratchLeftAsync(tracker);
    }

    [Fact]
    public async Task Two_drills_of_one_service_at_once_both_pass_one_after_the_other()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var (tracker, service, log, repositories) = await BackedUpTrackerAsync(lab, GoodChecks);

        // Both would name their scratch databases after the same snapshot, and each one's sweep for
        // leftovers would drop the other's copy: the second waits for the first.
        var results = await Task.WhenAll(
            new DrillRunner(repositories, log, TimeProvider.System).DrillAsync(service, "latest", keep: false),
            new DrillRunner(repositories, log, TimeProvider.System).DrillAsync(service, "latest", keep: false));

        Assert.All(results, r => Assert.True(r.Passed, $"{r.Error}\n{string.Join('\n', r.Checks)}\n{log.Text}"));
        Assert.Contains("another drill of this service is running on this host", log.Text, StringComparison.Ordinal);
        await AssertNoScratchLeftAsync(tracker);
    }

    /// <summary>The tracker service in <paramref name="lab"/> with <paramref name="checks"/>, backed up once.</summary>
    private async Task<(TrackerService Tracker, Manifest.ServiceConfig Service, RecordingLog Log, RepositoryProvider Repositories)> BackedUpTrackerAsync(ServiceLab lab, string checks)
    {
        var tracker = await TrackerService.CreateAsync(lab, postgres, mariaDb);
        var manifest = await lab.LoadAsync(tracker.Yaml(checks), tracker.Variables);
        var service = manifest.Services[tracker.Name];
        var log = new RecordingLog();
        var repositories = lab.Repositories(manifest);
        await new ServiceBackupRunner(repositories, log, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions());
        return (tracker, service, log, repositories);
    }

    private async Task AssertNoScratchLeftAsync(TrackerService tracker)
    {
        Assert.Empty(await PostgreSqlChecksums.DatabasesAsync(postgres, tracker.PgDatabase + "_"));
        Assert.Empty(await MariaDbChecksums.DatabasesAsync(mariaDb, tracker.MariaDatabase + "_"));
        Assert.Empty(Directory.EnumerateDirectories(Path.GetTempPath(), $"lifeboat-drill-{tracker.Name}-*"));
    }

    private static int DeadProcessId()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
