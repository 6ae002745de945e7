using Lifeboat.Cli.Tests.Services.Support;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Services;

/// <summary>
/// A restore killed with SIGKILL after every source was swapped in (during its post-restore fix) leaves
/// what it set aside: the previous PostgreSQL and MariaDB databases and hidden previous copies beside
/// the files, the SQLite database and the .env. A restore killed while loading leaves staging copies
/// (made here as such a kill leaves them: a <c>_restoring_</c> database and a hidden
/// <c>.lifeboat-restore-</c> directory). <c>doctor</c> reports all of them; the next restore removes the
/// staging copies and its own killed scratch directory, keeps and names every set-aside copy, and
/// brings the service back exactly; <c>restore --dry-run</c> before it lists them and removes nothing.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class RestoreLeftoversTests(PostgreSqlServer postgres, MariaDbServer mariaDb)
{
    private const string DeadId = "0a1b2c3d";

    [Fact]
    public async Task Killed_restore_leftovers_are_reported_staging_copies_removed_and_set_aside_copies_kept()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await lab.CreateTrackerAsync(postgres, mariaDb);

        lab.WriteManifest(tracker.Yaml("""
                post_restore:
                  - { name: slow_fix, source: db, sql: "SELECT pg_sleep(${RESTORE_FIX_SECONDS:-0})" }
            """));
        Assert.Equal(0, (await lab.RunAsync("backup", tracker.Name)).ExitCode);
        var original = await tracker.FingerprintAsync();
        await tracker.ChangeAsync();
        using var temp = new TempDirectory("restore-tmp");
        var environment = new Dictionary<string, string?> { ["TMPDIR"] = temp.Path };

        using (var restore = lab.Start(new Dictionary<string, string?>(environment) { ["RESTORE_FIX_SECONDS"] = "120" }, "restore", tracker.Name, "--yes"))
        {
            await SlowFix.WaitUntilSleepingAsync(postgres, tracker.PgDatabase, restore, TimeSpan.FromSeconds(90));
            await restore.KillHardAsync();
        }

        var serviceDirectory = Path.GetDirectoryName(tracker.FilesPath)!;
        var setAside = new[]
        {
            Assert.Single(await PostgreSqlChecksums.DatabasesAsync(postgres, tracker.PgDatabase + "_previous_")),
            Assert.Single(await MariaDbChecksums.DatabasesAsync(mariaDb, tracker.MariaDatabase + "_previous_")),
            Path.GetFileName(Assert.Single(Directory.EnumerateDirectories(serviceDirectory, ".files.lifeboat-previous-*"))),
            Path.GetFileName(Assert.Single(Directory.EnumerateFiles(serviceDirectory, ".settings.db.lifeboat-previous-*"))),
            Path.GetFileName(Assert.Single(Directory.EnumerateFiles(serviceDirectory, "..env.lifeboat-previous-*"))),
        };
        Assert.Single(Directory.EnumerateDirectories(temp.Path, $"lifeboat-restore-{tracker.Name}-*"));

        // What a restore killed while loading leaves.
        var stagingDatabase = $"{tracker.PgDatabase}_restoring_{DeadId}";
        await postgres.ExecuteAsync("postgres", $"CREATE DATABASE \"{stagingDatabase}\"");
        var stagingFiles = Path.Combine(serviceDirectory, $".files.lifeboat-restore-{DeadId}");
        Directory.CreateDirectory(Path.Combine(stagingFiles, "2024"));
        File.WriteAllText(Path.Combine(stagingFiles, "2024", "half-written.bin"), "partial");

        var doctor = await lab.RunAsync("doctor");
        Assert.Equal(1, doctor.ExitCode);
        var doctorOutput = doctor.StandardOutput + doctor.StandardError;
        Assert.Contains($"database {stagingDatabase} on 127.0.0.1:{postgres.Port} was left by a restore that did not finish", doctorOutput, StringComparison.Ordinal);
        Assert.Contains($"{stagingFiles} was left by a restore that did not finish", doctorOutput, StringComparison.Ordinal);
        foreach (var name in setAside)
        {
            Assert.Matches($@"{name}( on \S+)? holds what a restore that did not finish replaced", doctorOutput);
        }

        var dryRun = await lab.RunAsync(environment, "restore", tracker.Name, "--dry-run");
        Assert.Equal(0, dryRun.ExitCode);
        Assert.Contains($"remove database {stagingDatabase} on 127.0.0.1:{postgres.Port}, left by a restore that did not finish", dryRun.StandardOutput + dryRun.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{setAside[0]} on 127.0.0.1:{postgres.Port} holds what a restore that did not finish replaced; the restore would keep it", dryRun.StandardOutput + dryRun.StandardError, StringComparison.Ordinal);
        Assert.Single(await PostgreSqlChecksums.DatabasesAsync(postgres, tracker.PgDatabase + "_restoring_"));
        Assert.True(Directory.Exists(stagingFiles));
        // The plan says which sources load while the safety snapshot is taken (MariaDB loads into the live name: after the stop).
        Assert.Contains("restore db (Postgres) in place, loaded beside the live data while the safety snapshot is taken", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("restore files (Files) in place, loaded beside the live data while the safety snapshot is taken", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("restore drive (MariaDb) in place\n", dryRun.StandardOutput.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        var again = await lab.RunAsync(environment, "restore", tracker.Name, "--yes");

        Assert.True(again.ExitCode == 0, again.StandardError + again.StandardOutput);
        Assert.Equal(original, await tracker.FingerprintAsync());
        var output = again.StandardOutput + again.StandardError;
        Assert.Contains($"removed database {stagingDatabase} on 127.0.0.1:{postgres.Port}, left by a restore that did not finish", output, StringComparison.Ordinal);
        Assert.Contains($"removed {stagingFiles}, left by a restore that did not finish", output, StringComparison.Ordinal);
        Assert.Contains("removing the scratch directory of a restore that did not finish", output, StringComparison.Ordinal);
        foreach (var name in setAside)
        {
            Assert.Matches($@"{name}( on \S+)? holds what a restore that did not finish replaced; it is kept", output);
        }

        Assert.Empty(await PostgreSqlChecksums.DatabasesAsync(postgres, tracker.PgDatabase + "_restoring_"));
        Assert.False(Directory.Exists(stagingFiles));
        Assert.Empty(Directory.EnumerateDirectories(temp.Path, $"lifeboat-restore-{tracker.Name}-*"));
        Assert.Single(await PostgreSqlChecksums.DatabasesAsync(postgres, tracker.PgDatabase + "_previous_"));
        Assert.Single(await MariaDbChecksums.DatabasesAsync(mariaDb, tracker.MariaDatabase + "_previous_"));
        Assert.Single(Directory.EnumerateDirectories(serviceDirectory, ".files.lifeboat-previous-*"));

        await postgres.ExecuteAsync("postgres", $"DROP DATABASE \"{setAside[0]}\" WITH (FORCE)");
        await mariaDb.ExecuteAsync(tracker.MariaDatabase, $"DROP DATABASE `{setAside[1]}`");
    }
}
