using System.Text.Json;
using Lifeboat.Cli.Tests.Services.Support;
using Lifeboat.Orchestration;
using Lifeboat.Orchestration.Backup;
using Lifeboat.Orchestration.Evidence;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Services;

/// <summary>
/// <c>lifeboat status</c> as a monitor runs it (exit 0 when every target holds, 3 when one is missed;
/// the JSON shape; the repository as type and location without credentials), and <c>lifeboat check</c>,
/// whose evidence, like that of backups and drills, another host with its own manifest for the same
/// repository sees.
/// </summary>
public sealed class StatusCommandTests
{
    [Fact]
    public async Task Status_exits_3_when_the_newest_snapshot_is_older_than_the_rpo_and_0_after_a_fresh_backup()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var wiki = WikiData.Create(lab.Combine("wiki"));
        lab.WriteManifest(WikiYaml(wiki, "rpo: 1h\n    retention: { keep_daily: 7 }"));
        var repositories = lab.Repositories(await lab.LoadAsync());
        await new ServiceBackupRunner(repositories, SilentLog.Instance, new ManualClock(DateTimeOffset.Now - TimeSpan.FromHours(3)))
            .BackupAsync(repositories.Manifest.Services["wiki"], new ServiceBackupOptions());

        var stale = await lab.RunAsync("status");
        var staleJson = await lab.RunAsync("status", "--json");

        Assert.Equal(3, stale.ExitCode);
        Assert.Matches(@"(?m)^wiki\s+\d{8}_\d{4}\s+3h00m\s+1h STALE\s+1\s", stale.StandardOutput);
        Assert.Contains("warning: wiki: newest snapshot is 3h00m old, RPO is 1h", stale.StandardError, StringComparison.Ordinal);
        Assert.Contains("targets missed (exit code 3)", stale.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(3, staleJson.ExitCode);
        using (var json = JsonDocument.Parse(staleJson.StandardOutput))
        {
            var row = Assert.Single(json.RootElement.EnumerateArray().ToList());
            Assert.Equal("wiki", row.GetProperty("service").GetString());
            Assert.False(row.GetProperty("ok").GetBoolean());
            Assert.Equal("missed", row.GetProperty("rpo").GetString());
            Assert.Equal(3600, row.GetProperty("rpo_seconds").GetDouble());
            Assert.InRange(row.GetProperty("age_seconds").GetInt64(), 3 * 3600, 3 * 3600 + 300);
            Assert.Equal(1, row.GetProperty("snapshots").GetInt32());
            Assert.True(row.GetProperty("latest_size").GetInt64() > 0);
            Assert.Matches("^[0-9a-f]{8}$", row.GetProperty("latest_snapshot").GetString());
            Assert.Equal("keep 7 daily snapshots", row.GetProperty("retention").GetString());
            Assert.Equal("ok", row.GetProperty("last_backup").GetProperty("outcome").GetString());
            Assert.Equal($"local:{lab.RepositoryPath}", row.GetProperty("repository").GetString());
            Assert.Equal("newest snapshot is 3h00m old, RPO is 1h", Assert.Single(row.GetProperty("problems").EnumerateArray().ToList()).GetString());
        }

        Assert.Equal(0, (await lab.RunAsync("backup")).ExitCode);
        var fresh = await lab.RunAsync("status");

        Assert.Equal(0, fresh.ExitCode);
        Assert.Matches(@"(?m)^wiki\s+\d{8}_\d{4}\s+0m\s+1h OK\s+2\s", fresh.StandardOutput);
        Assert.Contains("every target holds", fresh.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_shows_a_repository_as_type_and_location_without_its_credentials()
    {
        await using var lab = await ServiceLab.CreateAsync();
        lab.Directory.WriteFile(Path.Combine("spool", "mail.txt"), "mail");
        File.WriteAllText(lab.ManifestPath, """
            version: 1
            repositories:
              offsite: { url: "rest:https://backup:s3cr3t-rest-password@backups.example:8000/mail", password_file: ./repository-password }
            services:
              mail:
                sources: { spool: { type: files, path: ./spool } }
            """);

        var status = await lab.RunAsync("status", "--json");

        Assert.DoesNotContain("s3cr3t-rest-password", status.StandardOutput + status.StandardError, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(status.StandardOutput);
        Assert.Equal("rest:https://backup:[redacted]@backups.example:8000/mail", json.RootElement[0].GetProperty("repository").GetString());
        Assert.StartsWith("repository cannot be opened: unsupported repository type 'rest'", json.RootElement[0].GetProperty("problems")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evidence_of_backups_checks_and_drills_is_read_by_another_host_s_manifest_for_the_same_repository()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var wiki = WikiData.Create(lab.Combine("wiki"));
        lab.WriteManifest(WikiYaml(wiki, "rpo: 1d\n    rto: 10m\n    verify: [{ name: pages, type: sql, source: db, query: \"SELECT count(*) FROM pages\", expect_min: 1 }]"));
        Assert.Equal(0, (await lab.RunAsync("backup")).ExitCode);
        var firstCheck = await lab.RunAsync("check", "--read-data-subset", "auto");
        Assert.Equal(0, (await lab.RunAsync("drill")).ExitCode);

        // Another host: another working directory, another name for the repository, another service list.
        using var otherHost = new TempDirectory("other-host");
        File.Copy(lab.Combine("repository-password"), otherHost.Combine("password"));
        var otherManifest = otherHost.WriteFile("lifeboat.yaml", $$"""
            version: 1
            repositories:
              shared: { url: {{Path.GetRelativePath(otherHost.Path, lab.RepositoryPath)}}, password_file: ./password }
            services:
              mail:
                sources: { spool: { type: files, path: ./spool } }
              wiki:
                rpo: 1d
                rto: 10m
                sources:
                  db: { type: sqlite, path: {{Path.Combine(wiki, "wiki.db")}} }
                  uploads: { type: files, path: {{Path.Combine(wiki, "uploads")}} }
            """);
        var secondCheck = await ServiceCli.RunAsync(["check", "--read-data-subset", "auto", "-c", otherManifest], otherHost.Path, new Dictionary<string, string?>());
        var status = await ServiceCli.RunAsync(["status", "wiki", "--json", "-c", otherManifest], otherHost.Path, new Dictionary<string, string?>());

        Assert.Equal(0, firstCheck.ExitCode);
        Assert.Contains("local: reading slice 1 of 7 of the repository's data", firstCheck.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, secondCheck.ExitCode);
        Assert.Contains("shared: reading slice 2 of 7 of the repository's data", secondCheck.StandardOutput, StringComparison.Ordinal);
        Assert.True(status.ExitCode == 0, status.StandardOutput + status.StandardError);
        using (var json = JsonDocument.Parse(status.StandardOutput))
        {
            var row = json.RootElement[0];
            foreach (var evidence in new[] { "last_backup", "last_check", "last_drill" })
            {
                Assert.Equal("ok", row.GetProperty(evidence).GetProperty("outcome").GetString());
                Assert.Equal(Environment.MachineName, row.GetProperty(evidence).GetProperty("host").GetString());
            }

            Assert.Equal("met", row.GetProperty("rto").GetString());
            Assert.True(row.GetProperty("restore_seconds").GetDouble() > 0);
        }

        var checks = await new EvidenceStore(await lab.OpenRepositoryAsync(), TimeProvider.System).ReadAsync(EvidenceRecord.Check, null);
        Assert.Equal([2, 1], checks.Select(c => (int?)c.Details["slice"]));
        Assert.All(checks, c => Assert.True(c.Succeeded));
    }

    private static string WikiYaml(string wiki, string settings) => $$"""
          wiki:
            {{settings}}
            sources:
              db: { type: sqlite, path: {{Path.Combine(wiki, "wiki.db")}} }
              uploads: { type: files, path: {{Path.Combine(wiki, "uploads")}} }
        """;
}
