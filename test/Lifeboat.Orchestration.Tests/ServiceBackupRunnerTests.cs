using System.Text.Json.Nodes;
using Lifeboat.Orchestration.Backup;
using Lifeboat.Orchestration.Tests.Support;
using Lifeboat.Testing;

namespace Lifeboat.Orchestration.Tests;

/// <summary>
/// Backups of services as an operator checks them: one snapshot per service that restic lists and
/// restores, dumps that restore with the servers' own tools to identical rows, a self-describing
/// lifeboat.json without secrets; failures that leave no snapshot but still start the service; hooks.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class ServiceBackupRunnerTests(PostgreSqlServer postgres, MariaDbServer mariaDb)
{
    [Fact]
    public async Task Backup_of_every_source_kind_is_one_snapshot_that_restic_lists_and_restores_with_the_servers_tools()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await TrackerService.CreateAsync(lab, postgres, mariaDb);
        var manifest = await lab.LoadAsync(tracker.Yaml(), tracker.Variables);
        var log = new RecordingLog();

        var result = await new ServiceBackupRunner(lab.Repositories(manifest), log, TimeProvider.System)
            .BackupAsync(manifest.Services[tracker.Name], new ServiceBackupOptions());

        Assert.True(result.Outcome == BackupOutcome.Succeeded, $"{result.Error}\n{log.Text}");
        Assert.Equal(["stop", "start"], tracker.Events());
        var restic = lab.Restic();
        var snapshot = Assert.Single(await restic.SnapshotsAsync("--tag", "lifeboat"));
        Assert.Equal(result.Snapshot.ToString(), snapshot.Id);
        Assert.Contains("lifeboat", snapshot.Tags!);
        Assert.Contains($"service={tracker.Name}", snapshot.Tags!);

        using var restored = new TempDirectory("restic-restore");
        await restic.RestoreAsync(snapshot.Id, restored.Path);
        var root = restored.Combine(tracker.Name);
        Assert.Equal(
            ["db", "drive", "env", "files", "lifeboat.json", "settings", "state"],
            Directory.EnumerateFileSystemEntries(root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(
            TreeChecksums.Of(tracker.FilesPath, path => !path.StartsWith("tmp", StringComparison.Ordinal)),
            TreeChecksums.Of(Path.Combine(root, "files")));
        Assert.Equal($"SECRET_KEY_BASE={tracker.SecretKeyBase}\n", File.ReadAllText(Path.Combine(root, "env", ".env")));
        Assert.Equal(File.ReadAllText(tracker.StatePath), File.ReadAllText(Path.Combine(root, "state", "state.bin")));
        Assert.Equal(SqliteChecksums.Of(tracker.SqlitePath), SqliteChecksums.Of(Path.Combine(root, "settings", "settings.db")));

        // The dumps restore with the servers' own tools, to the same rows.
        var fromPgDump = await postgres.CreateUniqueDatabaseAsync("from_dump");
        (await ProcessRunner.RunAsync(
            postgres.Tool("pg_restore"),
            ["--exit-on-error", "--dbname", fromPgDump, Path.Combine(root, "db", "database.pgdump")],
            new ProcessOptions { Environment = postgres.ClientEnvironment })).EnsureSuccess();
        Assert.Equal(await PostgreSqlChecksums.OfAsync(postgres, tracker.PgDatabase), await PostgreSqlChecksums.OfAsync(postgres, fromPgDump));

        var fromMariaDump = await mariaDb.CreateUniqueDatabaseAsync("from_dump");
        (await ProcessRunner.RunAsync(
            MariaDbServer.FindProgram("mariadb"),
            [.. mariaDb.ClientArguments, fromMariaDump],
            new ProcessOptions { Environment = mariaDb.ClientEnvironment, Input = await File.ReadAllBytesAsync(Path.Combine(root, "drive", "database.sql")) })).EnsureSuccess();
        Assert.Equal(await MariaDbChecksums.OfAsync(mariaDb, tracker.MariaDatabase), await MariaDbChecksums.OfAsync(mariaDb, fromMariaDump));

        // lifeboat.json describes every source (kinds, options, versions) and holds no secret.
        var descriptionText = File.ReadAllText(Path.Combine(root, "lifeboat.json"));
        var description = JsonNode.Parse(descriptionText)!.AsObject();
        Assert.Equal(tracker.Name, (string?)description["service"]);
        Assert.StartsWith("service stopped", (string?)description["consistency"], StringComparison.Ordinal);
        var sources = description["sources"]!.AsObject();
        Assert.Equal(["db", "drive", "settings", "files", "env", "state"], sources.Select(s => s.Key));
        Assert.Equal(["postgres", "mariadb", "sqlite", "files", "env", "command"], sources.Select(s => (string?)s.Value!["kind"]));
        Assert.Equal("custom", (string?)sources["db"]!["format"]);
        Assert.Equal(postgres.Version * 10000, (int?)sources["db"]!["server_version_num"] / 10000 * 10000);
        Assert.False(string.IsNullOrEmpty((string?)sources["db"]!["pg_dump_version"]));
        Assert.StartsWith(mariaDb.VersionText.Split('-')[0], (string?)sources["drive"]!["server_version"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)sources["drive"]!["dump_version"]));
        Assert.False(string.IsNullOrEmpty((string?)sources["settings"]!["sqlite_version"]));
        Assert.Equal("tmp/**", (string?)sources["files"]!["exclude"]![0]);
        Assert.Equal("SECRET_KEY_BASE", (string?)sources["env"]!["keys"]![0]);
        foreach (var secret in tracker.Secrets)
        {
            Assert.DoesNotContain(secret, descriptionText, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> FailingSources => new()
    {
        "db: { type: postgres, url: \"postgres://postgres@127.0.0.1:{port}/no_such_database\", password_file: {passwordFile} }",
        "dump: { type: command, backup: [sh, -c, \"echo half a dump; echo dump tool crashed >&2; exit 1\"], restore: [cat] }",
    };

    [Theory]
    [MemberData(nameof(FailingSources))]
    public async Task Failing_source_leaves_no_snapshot_still_starts_the_service_and_tells_on_error(string failingSource)
    {
        await using var lab = await ServiceLab.CreateAsync();
        lab.Directory.WriteFile("pg-password", postgres.Password);
        lab.Directory.WriteFile(Path.Combine("uploads", "a.txt"), "an upload");
        var events = lab.EventsPath;
        var manifest = await lab.LoadAsync($$"""
              app:
                {{lab.StopStart}}
                hooks:
                  on_error: [sh, -c, "printf '%s' \"$LIFEBOAT_ERROR\" > {{lab.Combine("error.txt")}}"]
                sources:
                  uploads: { type: files, path: {{lab.Combine("uploads")}} }
                  {{failingSource.Replace("{port}", postgres.Port.ToString(), StringComparison.Ordinal).Replace("{passwordFile}", lab.Combine("pg-password"), StringComparison.Ordinal)}}
            """);
        var log = new RecordingLog();

        var result = await new ServiceBackupRunner(lab.Repositories(manifest), log, TimeProvider.System)
            .BackupAsync(manifest.Services["app"], new ServiceBackupOptions());

        Assert.Equal(BackupOutcome.Failed, result.Outcome);
        Assert.Null(result.Snapshot);
        var failing = failingSource[..failingSource.IndexOf(':', StringComparison.Ordinal)];
        Assert.Contains(failing, result.Error, StringComparison.Ordinal);
        Assert.Contains(failing == "db" ? "no_such_database" : "exit", result.Error, StringComparison.Ordinal);
        Assert.Empty(await lab.SnapshotsAsync("app"));
        Assert.Empty(await lab.Restic().SnapshotsAsync("--tag", "lifeboat"));
        Assert.Equal(["stop", "start"], File.ReadAllLines(events));
        Assert.Equal(result.Error, File.ReadAllText(lab.Combine("error.txt")));
        Assert.DoesNotContain(postgres.Password, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_is_not_stopped_when_its_repository_cannot_be_opened()
    {
        await using var lab = await ServiceLab.CreateAsync();
        lab.Directory.WriteFile(Path.Combine("uploads", "a.txt"), "an upload");
        var events = lab.EventsPath;
        var manifest = await lab.LoadAsync($$"""
              app:
                {{lab.StopStart}}
                sources:
                  uploads: { type: files, path: {{lab.Combine("uploads")}} }
            """);
        lab.Directory.WriteFile("repository-password", "not-the-password\n");
        var log = new RecordingLog();

        var result = await new ServiceBackupRunner(lab.Repositories(manifest), log, TimeProvider.System)
            .BackupAsync(manifest.Services["app"], new ServiceBackupOptions());

        Assert.Equal(BackupOutcome.Failed, result.Outcome);
        Assert.Contains("no key", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(events), "a backup that cannot use its repository must not stop the service");
    }

    [Fact]
    public async Task Dry_run_leaves_the_service_running_and_stores_nothing()
    {
        await using var lab = await ServiceLab.CreateAsync();
        lab.Directory.WriteFile(Path.Combine("uploads", "a.txt"), "an upload");
        var events = lab.EventsPath;
        var manifest = await lab.LoadAsync($$"""
              app:
                {{lab.StopStart}}
                sources:
                  uploads: { type: files, path: {{lab.Combine("uploads")}} }
            """);
        var log = new RecordingLog();

        var result = await new ServiceBackupRunner(lab.Repositories(manifest), log, TimeProvider.System)
            .BackupAsync(manifest.Services["app"], new ServiceBackupOptions { DryRun = true });

        Assert.True(result.Outcome == BackupOutcome.Succeeded, result.Error);
        Assert.Null(result.Snapshot);
        Assert.False(File.Exists(events), "a dry run must not stop or start the service");
        Assert.Contains(log.Lines, line => line.Contains("dry run: the service is not stopped", StringComparison.Ordinal));
        Assert.Empty(await lab.SnapshotsAsync("app"));
    }

    [Fact]
    public async Task Before_backup_hook_exiting_75_skips_the_service_and_after_backup_receives_the_snapshot()
    {
        await using var lab = await ServiceLab.CreateAsync();
        lab.Directory.WriteFile(Path.Combine("data", "a.txt"), "some data");
        var events = lab.EventsPath;
        var manifest = await lab.LoadAsync($$"""
              skipped:
                {{lab.StopStart}}
                hooks:
                  before_backup: [sh, -c, "echo \"before $LIFEBOAT_SERVICE\" >> {{events}}; exit 75"]
                sources:
                  data: { type: files, path: {{lab.Combine("data")}} }
              notified:
                hooks:
                  after_backup: [sh, -c, "echo \"$LIFEBOAT_SERVICE $LIFEBOAT_SNAPSHOT\" > {{lab.Combine("after.txt")}}"]
                sources:
                  data: { type: files, path: {{lab.Combine("data")}} }
            """);
        var log = new RecordingLog();
        var runner = new ServiceBackupRunner(lab.Repositories(manifest), log, TimeProvider.System);

        var skipped = await runner.BackupAsync(manifest.Services["skipped"], new ServiceBackupOptions());
        var notified = await runner.BackupAsync(manifest.Services["notified"], new ServiceBackupOptions());

        Assert.Equal(BackupOutcome.Skipped, skipped.Outcome);
        Assert.Null(skipped.Error);
        Assert.Equal(["before skipped"], File.ReadAllLines(events));
        Assert.Contains(log.Lines, line => line.Contains("skipped", StringComparison.Ordinal) && line.Contains("75", StringComparison.Ordinal));
        Assert.Empty(await lab.SnapshotsAsync("skipped"));

        Assert.Equal(BackupOutcome.Succeeded, notified.Outcome);
        Assert.Equal($"notified {notified.Snapshot}", File.ReadAllText(lab.Combine("after.txt")).Trim());
        Assert.Equal(notified.Snapshot, Assert.Single(await lab.SnapshotsAsync("notified")).Id);
    }
}
