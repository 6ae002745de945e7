using System.Text.Json;
using System.Text.RegularExpressions;
using Lifeboat.Cli.Tests.Services.Support;
using Lifeboat.Orchestration;
using Lifeboat.Orchestration.Backup;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Services;

/// <summary>
/// <c>lifeboat backup</c>, <c>list</c> and <c>forget</c> as an operator runs them: one snapshot per
/// service, the failing one named and the others still backed up, skipped services reported; the
/// latest snapshot per service and a service's history; each service's retention applied to that
/// service only.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class BackupCommandTests(PostgreSqlServer postgres)
{
    [Fact]
    public async Task Backup_of_every_service_snapshots_those_that_work_names_the_one_that_failed_and_reports_the_skipped_one()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var wiki = WikiData.Create(lab.Combine("wiki"));
        lab.Directory.WriteFile(Path.Combine("notes", "todo.txt"), "back up everything");
        lab.Directory.WriteFile("pg-password", postgres.Password);
        var events = lab.Combine("events.log");
        lab.WriteManifest($$"""
              wiki:
                sources:
                  db: { type: sqlite, path: {{Path.Combine(wiki, "wiki.db")}} }
                  uploads: { type: files, path: {{Path.Combine(wiki, "uploads")}} }
              broken:
                stop: [sh, -c, "echo stop >> {{events}}"]
                start: [sh, -c, "echo start >> {{events}}"]
                sources:
                  db: { type: postgres, url: "postgres://postgres@127.0.0.1:{{postgres.Port}}/no_such_database", password_file: ./pg-password }
              maintenance:
                hooks: { before_backup: [sh, -c, "exit 75"] }
                sources:
                  notes: { type: files, path: ./notes }
              notes:
                sources:
                  notes: { type: files, path: ./notes }
            """);

        var run = await lab.RunAsync("backup");

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"(?m)^wiki\s+ok\s+[0-9a-f]{8}\s", run.StandardOutput);
        Assert.Matches(@"(?m)^broken\s+FAILED\s+-\s", run.StandardOutput);
        Assert.Matches(@"(?m)^maintenance\s+skipped\s+-\s", run.StandardOutput);
        Assert.Matches(@"(?m)^notes\s+ok\s+[0-9a-f]{8}\s", run.StandardOutput);
        Assert.Contains("broken: backup failed: source 'db': cannot connect to database no_such_database", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("maintenance: skipped (before_backup hook exited 75)", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(["stop", "start"], File.ReadAllLines(events));
        Assert.Single(await lab.SnapshotsAsync("wiki"));
        Assert.Single(await lab.SnapshotsAsync("notes"));
        Assert.Empty(await lab.SnapshotsAsync("broken"));
        Assert.Empty(await lab.SnapshotsAsync("maintenance"));

        // Only the working and the skipped service: exit 0, and the JSON says which was which.
        var again = await lab.RunAsync("backup", "wiki", "maintenance", "--json", "--tag", "pre-migration");

        Assert.Equal(0, again.ExitCode);
        using var json = JsonDocument.Parse(again.StandardOutput);
        Assert.Equal(["wiki:succeeded", "maintenance:skipped"], json.RootElement.EnumerateArray().Select(r => $"{r.GetProperty("service").GetString()}:{r.GetProperty("outcome").GetString()}"));
        var snapshots = await lab.SnapshotsAsync("wiki");
        Assert.Equal(2, snapshots.Count);
        Assert.Equal(json.RootElement[0].GetProperty("snapshot_id").GetString(), snapshots[^1].Id.ToString());
        Assert.True(snapshots[^1].HasTag("pre-migration"));
    }

    [Fact]
    public async Task List_shows_the_latest_snapshot_of_each_service_and_one_service_s_history()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var wiki = WikiData.Create(lab.Combine("wiki"));
        lab.WriteManifest(WikiYaml(wiki, "keep_last: 5") + """
              mail:
                sources:
                  spool: { type: files, path: ./wiki }
            """);
        var repositories = lab.Repositories(await lab.LoadAsync());
        var manifest = repositories.Manifest;
        var clock = new ManualClock(DateTimeOffset.Now - TimeSpan.FromDays(3));
        var older = await new ServiceBackupRunner(repositories, SilentLog.Instance, clock).BackupAsync(manifest.Services["wiki"], new ServiceBackupOptions());
        var newer = await new ServiceBackupRunner(repositories, SilentLog.Instance, TimeProvider.System).BackupAsync(manifest.Services["wiki"], new ServiceBackupOptions());

        var all = await lab.RunAsync("list");
        var history = await lab.RunAsync("list", "wiki");
        var json = await lab.RunAsync("list", "wiki", "--json");

        Assert.Equal(0, all.ExitCode);
        var label = LabelPattern();
        Assert.Matches(@$"(?m)^wiki\s+{label}\s+Today\s+\d+(\.\d+)? (B|KiB|MiB)\s+{newer.Snapshot!.Value.ToShortString()}\s*$", all.StandardOutput);
        Assert.Matches(@"(?m)^mail\s+never\s+-\s+-\s+-\s*$", all.StandardOutput);
        Assert.Equal(0, history.ExitCode);
        Assert.Matches(@$"(?ms)^{label}\s+Today\s+.*{newer.Snapshot!.Value.ToShortString()}.*^{label}\s+3 days ago\s+.*{older.Snapshot!.Value.ToShortString()}.*^2 snapshots", history.StandardOutput);
        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.StandardOutput);
        var rows = document.RootElement.EnumerateArray().ToList();
        Assert.Equal([newer.Snapshot.ToString(), older.Snapshot.ToString()], rows.Select(r => r.GetProperty("snapshot_id").GetString()));
        Assert.Equal(["Today", "3 days ago"], rows.Select(r => r.GetProperty("age").GetString()));
        Assert.All(rows, r => Assert.Matches($"^{label}$", r.GetProperty("label").GetString()));
        Assert.All(rows, r => Assert.True(r.GetProperty("size").GetInt64() > 0));
        Assert.All(rows, r => Assert.Contains("service=wiki", r.GetProperty("tags").EnumerateArray().Select(t => t.GetString())));
        Assert.Equal("wiki", rows[0].GetProperty("service").GetString());
    }

    [Fact]
    public async Task Forget_applies_each_service_s_retention_to_that_service_only()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var wiki = WikiData.Create(lab.Combine("wiki"));
        lab.WriteManifest(WikiYaml(wiki, "keep_last: 1") + $$"""
              mail:
                retention: { keep_last: 1 }
                sources:
                  spool: { type: files, path: {{Path.Combine(wiki, "uploads")}} }
            """);
        var repositories = lab.Repositories(await lab.LoadAsync());
        var clock = new ManualClock(DateTimeOffset.Now - TimeSpan.FromDays(10));
        var backups = new ServiceBackupRunner(repositories, SilentLog.Instance, clock);
        for (var day = 0; day < 3; day++)
        {
            File.WriteAllText(Path.Combine(wiki, "uploads", $"day-{day}.txt"), $"day {day}");
            await backups.BackupAsync(repositories.Manifest.Services["wiki"], new ServiceBackupOptions());
            if (day < 2)
            {
                await backups.BackupAsync(repositories.Manifest.Services["mail"], new ServiceBackupOptions());
            }

            clock.Advance(TimeSpan.FromDays(1));
        }

        var wikiNewest = (await lab.SnapshotsAsync("wiki"))[^1].Id;

        var dryRun = await lab.RunAsync("forget", "--dry-run");
        Assert.Equal(0, dryRun.ExitCode);
        Assert.Contains("wiki: keep 1 latest snapshots: keep 1, remove 2", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("mail: keep 1 latest snapshots: keep 1, remove 1", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Matches(dryRun.StandardOutput, "would remove").Count);
        Assert.Equal(3, (await lab.SnapshotsAsync("wiki")).Count);
        Assert.Equal(2, (await lab.SnapshotsAsync("mail")).Count);

        var wikiOnly = await lab.RunAsync("forget", "wiki");
        Assert.Equal(0, wikiOnly.ExitCode);
        Assert.Equal([wikiNewest], (await lab.SnapshotsAsync("wiki")).Select(s => s.Id));
        Assert.Equal(2, (await lab.SnapshotsAsync("mail")).Count);

        var pruned = await lab.RunAsync("forget", "--prune");
        Assert.Equal(0, pruned.ExitCode);
        Assert.Contains("pruning repository 'local'", pruned.StandardOutput, StringComparison.Ordinal);
        Assert.Single(await lab.SnapshotsAsync("mail"));
        Assert.Equal([wikiNewest], (await lab.SnapshotsAsync("wiki")).Select(s => s.Id));
        await lab.Restic().CheckAsync(readData: true);
    }

    [Fact]
    public async Task Forget_keeps_the_backup_that_a_restore_s_safety_snapshot_came_after()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var wiki = WikiData.Create(lab.Combine("wiki"));
        lab.WriteManifest(WikiYaml(wiki, "keep_last: 1"));
        var repositories = lab.Repositories(await lab.LoadAsync());
        var service = repositories.Manifest.Services["wiki"];
        var backup = await new ServiceBackupRunner(repositories, SilentLog.Instance, new ManualClock(DateTimeOffset.Now - TimeSpan.FromDays(1)))
            .BackupAsync(service, new ServiceBackupOptions());
        SqliteChecksums.Execute(Path.Combine(wiki, "wiki.db"), "DELETE FROM pages");
        Assert.Equal(0, (await lab.RunAsync("restore", "wiki", "--yes")).ExitCode);

        var forget = await lab.RunAsync("forget");

        // The only backup must survive: the newer snapshot is the broken state the restore replaced.
        Assert.Equal(0, forget.ExitCode);
        var left = await lab.SnapshotsAsync("wiki");
        Assert.Contains(backup.Snapshot!.Value, left.Select(s => s.Id));
        Assert.Equal(0, (await lab.RunAsync("restore", "wiki", "--yes", "--no-safety-snapshot")).ExitCode);
        Assert.Equal(12L, CountPages(wiki));
    }

    [Fact]
    public async Task Backup_in_parallel_makes_one_sound_snapshot_per_service()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var services = new System.Text.StringBuilder();
        foreach (var name in new[] { "alpha", "beta", "gamma", "delta" })
        {
            var wiki = WikiData.Create(lab.Combine(name), pages: 40);
            services.Append(WikiYaml(wiki, "keep_last: 3").Replace("  wiki:", $"  {name}:", StringComparison.Ordinal));
        }

        lab.WriteManifest(services.ToString());

        var backup = await lab.RunAsync("backup", "--parallel", "4", "--json");

        Assert.True(backup.ExitCode == 0, backup.StandardError);
        foreach (var name in new[] { "alpha", "beta", "gamma", "delta" })
        {
            Assert.Single(await lab.SnapshotsAsync(name));
        }

        await lab.Restic().CheckAsync(readData: true);
    }

    private static long CountPages(string wiki)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(wiki, "wiki.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM pages";
        return (long)command.ExecuteScalar()!;
    }

    private static string WikiYaml(string wiki, string retention) => $$"""
          wiki:
            retention: { {{retention}} }
            sources:
              db: { type: sqlite, path: {{Path.Combine(wiki, "wiki.db")}} }
              uploads: { type: files, path: {{Path.Combine(wiki, "uploads")}} }

        """;

    private static string LabelPattern() => @"20\d{6}_\d{4}";
}
