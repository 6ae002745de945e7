using Lifeboat.Cli.Tests.Services.Support;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Services;

/// <summary>
/// <c>lifeboat doctor</c>: a missing tool, an unreachable database and a wrong repository password are
/// each reported with a fix (exit 1); a good setup with every kind of source is all ok (exit 0).
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class DoctorCommandTests(PostgreSqlServer postgres, MariaDbServer mariaDb)
{
    [Fact]
    public async Task Doctor_reports_a_missing_tool_an_unreachable_database_and_a_wrong_password_each_with_a_hint()
    {
        await using var lab = await ServiceLab.CreateAsync();
        lab.Directory.WriteFile("wrong-password", "not the repository password\n");
        lab.Directory.WriteFile("pg-password", postgres.Password);
        var closedPort = FreePort.Next();
        File.WriteAllText(lab.ManifestPath, $$"""
            version: 1
            repositories:
              local: { url: ./repo, password_file: ./wrong-password }
            services:
              tracker:
                sources:
                  db: { type: postgres, url: "postgres://postgres@127.0.0.1:{{postgres.Port}}/postgres", password_file: ./pg-password, bin_dir: /opt/no-postgresql/bin }
              drive:
                sources:
                  db: { type: mariadb, url: "mariadb://root@127.0.0.1:{{closedPort}}/drive", password: "${MARIADB_PASSWORD}" }
            """);
        lab.Variables["MARIADB_PASSWORD"] = mariaDb.Password;

        var doctor = await lab.RunAsync("doctor");

        Assert.Equal(1, doctor.ExitCode);
        Assert.Contains("3 problems found", doctor.StandardOutput, StringComparison.Ordinal);
        var errors = doctor.StandardError.Split('\n');
        AssertProblemWithHint(errors, "error: repository local: ");
        AssertProblemWithHint(errors, "error: tracker/db (Postgres): ", "/opt/no-postgresql/bin");
        AssertProblemWithHint(errors, "error: drive/db (MariaDb): ", $"127.0.0.1:{closedPort}");
    }

    [Fact]
    public async Task Doctor_is_all_ok_on_a_good_setup_with_every_kind_of_source()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await lab.CreateTrackerAsync(postgres, mariaDb);

        lab.WriteManifest(tracker.Yaml());

        var doctor = await lab.RunAsync("doctor");

        Assert.True(doctor.ExitCode == 0, doctor.StandardOutput + doctor.StandardError);
        Assert.Contains("no problems found", doctor.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^ok\s+repository local: opens with its password \(local:.*free\)$", doctor.StandardOutput);
        foreach (var source in new[] { "db", "drive", "settings", "files", "env", "state" })
        {
            Assert.Matches($@"(?m)^ok\s+{tracker.Name}/{source} \(\w+\): tools and data reachable$", doctor.StandardOutput);
        }
    }

    private static void AssertProblemWithHint(string[] lines, string prefix, string? mentions = null)
    {
        var at = Array.FindIndex(lines, line => line.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(at >= 0, $"no problem starting with '{prefix}' in:\n{string.Join('\n', lines)}");
        if (mentions is not null)
        {
            Assert.Contains(mentions, lines[at], StringComparison.Ordinal);
        }

        Assert.True(at + 1 < lines.Length && lines[at + 1].StartsWith("hint: ", StringComparison.Ordinal), $"no hint after '{lines[at]}' in:\n{string.Join('\n', lines)}");
    }
}
