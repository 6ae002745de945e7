using Lifeboat.Orchestration.Backup;
using Lifeboat.Orchestration.Drills;
using Lifeboat.Orchestration.Status;
using Lifeboat.Orchestration.Tests.Support;
using Lifeboat.Testing;

namespace Lifeboat.Orchestration.Tests;

/// <summary>
/// Status as an operator (or a monitor) reads it: STALE when the newest snapshot is older than the RPO
/// and OK otherwise; the evidence of backups, checks and drills is in the repository, so another host
/// with its own manifest for the same repository sees it; automatic check subsets rotate.
/// </summary>
public sealed class StatusReporterTests
{
    [Fact]
    public async Task Status_is_stale_when_the_newest_snapshot_is_older_than_the_rpo_and_ok_after_a_fresh_backup()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var data = WikiData.Create(lab.Combine("wiki"));
        var manifest = await lab.LoadAsync(WikiYaml(data, "rpo: 1h"));
        var service = manifest.Services["wiki"];
        var repositories = lab.Repositories(manifest);
        var clock = new ManualClock(DateTimeOffset.Now - TimeSpan.FromHours(2));
        await new ServiceBackupRunner(repositories, SilentLog.Instance, clock).BackupAsync(service, new ServiceBackupOptions());

        var stale = await new StatusReporter(repositories, TimeProvider.System).ComputeAsync(service);

        Assert.Equal(TargetState.Missed, stale.RpoState);
        Assert.False(stale.TargetsHold);
        Assert.Equal(1, stale.SnapshotCount);
        Assert.Contains(stale.Problems, p => p.StartsWith("newest snapshot is 2h00m old, RPO is 1h", StringComparison.Ordinal));
        Assert.Equal($"local:{lab.RepositoryPath}", stale.Repository);

        clock.Now = DateTimeOffset.Now - TimeSpan.FromMinutes(10);
        await new ServiceBackupRunner(repositories, SilentLog.Instance, clock).BackupAsync(service, new ServiceBackupOptions());
        var fresh = await new StatusReporter(repositories, TimeProvider.System).ComputeAsync(service);

        Assert.Equal(TargetState.Met, fresh.RpoState);
        Assert.True(fresh.TargetsHold, string.Join("; ", fresh.Problems));
        Assert.Equal(2, fresh.SnapshotCount);
        Assert.InRange(fresh.Age!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(15));
        Assert.True(fresh.LatestSize > 0);
    }

    [Fact]
    public async Task Status_stays_stale_after_a_restore_whose_safety_snapshot_holds_the_replaced_state()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var data = WikiData.Create(lab.Combine("wiki"));
        var manifest = await lab.LoadAsync(WikiYaml(data, "rpo: 1h"));
        var service = manifest.Services["wiki"];
        var repositories = lab.Repositories(manifest);
        var backup = await new ServiceBackupRunner(repositories, SilentLog.Instance, new ManualClock(DateTimeOffset.Now - TimeSpan.FromHours(3)))
            .BackupAsync(service, new ServiceBackupOptions());
        var restore = new Restore.ServiceRestoreRunner(repositories, SilentLog.Instance, TimeProvider.System);
        var request = new Restore.RestoreRequest();
        var restored = await restore.RestoreAsync(await restore.PlanAsync(service, request), request);
        Assert.NotNull(restored.SafetySnapshot);

        var status = await new StatusReporter(repositories, TimeProvider.System).ComputeAsync(service);

        Assert.Equal(TargetState.Missed, status.RpoState);
        Assert.Equal(backup.Snapshot!.Value.ToShortString(), status.LatestSnapshot);
    }

    [Fact]
    public async Task Evidence_written_on_one_host_is_read_by_another_manifest_for_the_same_repository()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var data = WikiData.Create(lab.Combine("wiki"));
        var manifest = await lab.LoadAsync(WikiYaml(data, "rpo: 1h\n    rto: 10m\n    verify: [{ name: pages, type: sql, source: db, query: \"SELECT count(*) FROM pages\", expect_min: 1 }]"));
        var repositories = lab.Repositories(manifest);
        var service = manifest.Services["wiki"];
        await new ServiceBackupRunner(repositories, SilentLog.Instance, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions());
        await new RepositoryCheckRunner(repositories, SilentLog.Instance, TimeProvider.System).CheckAsync("local", null);
        var drill = await new DrillRunner(repositories, SilentLog.Instance, TimeProvider.System).DrillAsync(service, "latest", keep: false);
        Assert.True(drill.Passed);

        // Another host: its own directory, its own name for the repository, another service beside this one.
        using var otherHost = new TempDirectory("other-host");
        var otherManifest = await ServiceLab.LoadManifestAsync(otherHost.Combine("lifeboat.yaml"), $$"""
            version: 1
            repositories:
              shared: { url: {{lab.RepositoryPath}}, password_file: {{lab.Combine("repository-password")}} }
            services:
              mail:
                sources:
                  spool: { type: files, path: ./spool }
              wiki:
                rpo: 1h
                rto: 10m
                sources:
                  db: { type: sqlite, path: {{Path.Combine(data, "wiki.db")}} }
                  uploads: { type: files, path: {{Path.Combine(data, "uploads")}} }
            """);
        await using var otherRepositories = new RepositoryProvider(otherManifest, Storage.BackendRegistry.CreateDefault());

        var status = await new StatusReporter(otherRepositories, TimeProvider.System).ComputeAsync(otherManifest.Services["wiki"]);

        Assert.True(status.TargetsHold, string.Join("; ", status.Problems));
        Assert.Equal(1, status.SnapshotCount);
        Assert.True(status.LastBackup is { Succeeded: true });
        Assert.True(status.LastCheck is { Succeeded: true });
        Assert.True(status.LastDrill is { Succeeded: true });
        Assert.Equal(Environment.MachineName, status.LastDrill.Host);
        Assert.Equal(TargetState.Met, status.RtoState);
        Assert.Equal(drill.RestoreDuration.TotalSeconds, status.RestoreTime!.Value.TotalSeconds, 0.01);
        var mail = await new StatusReporter(otherRepositories, TimeProvider.System).ComputeAsync(otherManifest.Services["mail"]);
        Assert.Equal(0, mail.SnapshotCount);
        Assert.Null(mail.LastBackup);
    }

    [Fact]
    public async Task Check_with_an_automatic_subset_reads_the_next_slice_each_run_whichever_host_runs_it()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var data = WikiData.Create(lab.Combine("wiki"));
        var manifest = await lab.LoadAsync(WikiYaml(data, "rpo: 1h"));
        var repositories = lab.Repositories(manifest);
        await new ServiceBackupRunner(repositories, SilentLog.Instance, TimeProvider.System).BackupAsync(manifest.Services["wiki"], new ServiceBackupOptions());
        var checks = new RepositoryCheckRunner(repositories, SilentLog.Instance, TimeProvider.System);

        var first = await checks.CheckAsync("local", "auto", rotation: 3);
        var second = await checks.CheckAsync("local", "auto", rotation: 3);
        using var otherHost = new TempDirectory("other-host");
        var otherManifest = await ServiceLab.LoadManifestAsync(otherHost.Combine("lifeboat.yaml"), $$"""
            version: 1
            repositories:
              shared: { url: {{lab.RepositoryPath}}, password_file: {{lab.Combine("repository-password")}} }
            services:
              wiki:
                sources:
                  db: { type: sqlite, path: {{Path.Combine(data, "wiki.db")}} }
            """);
        await using var otherRepositories = new RepositoryProvider(otherManifest, Storage.BackendRegistry.CreateDefault());
        var third = await new RepositoryCheckRunner(otherRepositories, SilentLog.Instance, TimeProvider.System).CheckAsync("shared", "auto", rotation: 3);
        var fourth = await checks.CheckAsync("local", "auto", rotation: 3);

        Assert.Equal([1, 2, 3, 1], new[] { first, second, third, fourth }.Select(c => (int?)c.Record.Details["slice"]));
        Assert.All(new[] { first, second, third, fourth }, c => Assert.False(c.Result.HasErrors));
    }

    private static string WikiYaml(string data, string targets) => $$"""
          wiki:
            {{targets}}
            sources:
              db: { type: sqlite, path: {{Path.Combine(data, "wiki.db")}} }
              uploads: { type: files, path: {{Path.Combine(data, "uploads")}} }
        """;
}
