using System.Text.Json;
using Lifeboat.Cli.Tests.Services.Support;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Services;

/// <summary>
/// <c>lifeboat drill</c> as an operator runs it: the verdict and exit code; the live data untouched;
/// and a drill killed with SIGKILL in the middle of its restore leaves scratch databases and a scratch
/// directory behind, which the next drill finds and removes.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class DrillCommandTests(PostgreSqlServer postgres, MariaDbServer mariaDb)
{
    [Fact]
    public async Task Drill_killed_during_its_restore_leaves_scratch_copies_that_the_next_drill_removes()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await lab.CreateTrackerAsync(postgres, mariaDb);

        // The fix runs on the scratch copy after its sources are restored: it holds the drill there while the test kills it.
        lab.WriteManifest(tracker.Yaml("""
                post_restore:
                  - { name: slow_fix, source: db, sql: "SELECT pg_sleep(${DRILL_FIX_SECONDS:-0})" }
                verify:
                  - { name: issues_present, type: sql, source: db, query: "SELECT count(*) FROM issues", expect_min: 300 }
                  - { name: drive_rows, type: sql, source: drive, query: "SELECT count(*) FROM files", expect_min: 50 }
            """));
        Assert.Equal(0, (await lab.RunAsync("backup")).ExitCode);
        var live = await tracker.FingerprintAsync();
        using var temp = new TempDirectory("drill-tmp");
        var environment = new Dictionary<string, string?> { ["TMPDIR"] = temp.Path };

        using (var drill = lab.Start(new Dictionary<string, string?>(environment) { ["DRILL_FIX_SECONDS"] = "120" }, "drill", tracker.Name))
        {
            await SlowFix.WaitUntilSleepingAsync(postgres, tracker.PgDatabase + "_drill_", drill, TimeSpan.FromSeconds(90));
            await drill.KillHardAsync();
        }

        Assert.Single(await PostgreSqlChecksums.DatabasesAsync(postgres, tracker.PgDatabase + "_drill_"));
        Assert.Single(await MariaDbChecksums.DatabasesAsync(mariaDb, tracker.MariaDatabase + "_drill_"));
        Assert.Single(Directory.EnumerateDirectories(temp.Path, $"lifeboat-drill-{tracker.Name}-*"));

        var next = await lab.RunAsync(environment, "drill", tracker.Name, "--json");

        Assert.True(next.ExitCode == 0, next.StandardError);
        using (var json = JsonDocument.Parse(next.StandardOutput))
        {
            Assert.True(json.RootElement[0].GetProperty("passed").GetBoolean());
        }

        Assert.Contains($"removed scratch database {tracker.PgDatabase}_drill_", next.StandardError, StringComparison.Ordinal);
        Assert.Contains($"removed scratch database {tracker.MariaDatabase}_drill_", next.StandardError, StringComparison.Ordinal);
        Assert.Contains("removing the scratch directory of a drill that did not finish", next.StandardError, StringComparison.Ordinal);
        Assert.Empty(await PostgreSqlChecksums.DatabasesAsync(postgres, tracker.PgDatabase + "_"));
        Assert.Empty(await MariaDbChecksums.DatabasesAsync(mariaDb, tracker.MariaDatabase + "_"));
        Assert.Empty(ScratchLeftIn(temp.Path));
        Assert.Equal(live, await tracker.FingerprintAsync());
    }

    [Fact]
    public async Task Drill_interrupted_with_ctrl_c_removes_its_scratch_copies_itself()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await lab.CreateTrackerAsync(postgres, mariaDb);

        lab.WriteManifest(tracker.Yaml("""
                post_restore:
                  - { name: slow_fix, source: db, sql: "SELECT pg_sleep(120)" }
            """));
        Assert.Equal(0, (await lab.RunAsync("backup")).ExitCode);
        var live = await tracker.FingerprintAsync();
        using var temp = new TempDirectory("drill-tmp");

        int exitCode;
        using (var drill = lab.Start(new Dictionary<string, string?> { ["TMPDIR"] = temp.Path }, "drill", tracker.Name))
        {
            await SlowFix.WaitUntilSleepingAsync(postgres, tracker.PgDatabase + "_drill_", drill, TimeSpan.FromSeconds(90));
            drill.Interrupt();
            exitCode = await drill.WaitAsync(TimeSpan.FromSeconds(60));
        }

        Assert.Equal(130, exitCode);
        Assert.Empty(await PostgreSqlChecksums.DatabasesAsync(postgres, tracker.PgDatabase + "_"));
        Assert.Empty(await MariaDbChecksums.DatabasesAsync(mariaDb, tracker.MariaDatabase + "_"));
        Assert.Empty(ScratchLeftIn(temp.Path));
        Assert.Equal(live, await tracker.FingerprintAsync());
    }

    [Fact]
    public async Task Drill_exits_1_when_a_check_fails_and_says_what_was_expected_and_found()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var wiki = WikiData.Create(lab.Combine("wiki"));
        lab.WriteManifest($$"""
              wiki:
                sources:
                  db: { type: sqlite, path: {{Path.Combine(wiki, "wiki.db")}} }
                  uploads: { type: files, path: {{Path.Combine(wiki, "uploads")}} }
                verify:
                  - { name: pages_present, type: sql, source: db, query: "SELECT count(*) FROM pages", expect_min: 10 }
                  - { name: enough_uploads, type: files, source: uploads, min_count: 100 }
            """);
        Assert.Equal(0, (await lab.RunAsync("backup")).ExitCode);
        var live = SqliteChecksums.Of(Path.Combine(wiki, "wiki.db")) + TreeChecksums.Of(wiki);

        var drill = await lab.RunAsync("drill");

        Assert.Equal(1, drill.ExitCode);
        Assert.Contains("  PASS pages_present", drill.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("  FAIL enough_uploads: expected at least 100 files, found 6", drill.StandardError, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^wiki\s+FAIL\s+\d{8}_\d{4}\s+.*1/2 passed", drill.StandardOutput);
        Assert.Equal(live, SqliteChecksums.Of(Path.Combine(wiki, "wiki.db")) + TreeChecksums.Of(wiki));
    }

    /// <summary>
    /// What drills left in the temporary directory, apart from the empty lock file through which drills
    /// of a service take turns (it stays, as lock files do; the system releases the lock).
    /// </summary>
    private static List<string> ScratchLeftIn(string temp) =>
        Directory.EnumerateFileSystemEntries(temp, "lifeboat-*")
            .Where(path => !(Path.GetFileName(path).StartsWith("lifeboat-drill-", StringComparison.Ordinal) && path.EndsWith(".lock", StringComparison.Ordinal) && File.Exists(path) && new FileInfo(path).Length == 0))
            .ToList();
}
