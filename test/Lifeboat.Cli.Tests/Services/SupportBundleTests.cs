using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Lifeboat.Cli.Tests.Services.Support;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Services;

/// <summary>
/// <c>lifeboat support-bundle</c>: with secrets planted everywhere (the repository password file,
/// database passwords through a file, a variable and a URL, .env values, tokens in commands and
/// repository options), the bundle holds versions, the redacted manifest, status, doctor and evidence,
/// and none of the secrets.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class SupportBundleTests(PostgreSqlServer postgres, MariaDbServer mariaDb)
{
    [Fact]
    public async Task Support_bundle_holds_versions_manifest_status_doctor_and_evidence_and_no_secret()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await lab.CreateTrackerAsync(postgres, mariaDb);

        var token = "tok-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        var s3Key = "s3-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        var offsitePassword = "off-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        lab.Variables["API_TOKEN"] = token;
        lab.Variables["S3_SECRET_KEY"] = s3Key;
        lab.Variables["OFFSITE_PASSWORD"] = offsitePassword;
        File.WriteAllText(lab.ManifestPath, $$"""
            version: 1
            repositories:
              local: { url: ./repo, password_file: ./repository-password }
              offsite:
                url: "rest:https://backup:{{offsitePassword}}@backups.example:8000/lifeboat"
                password: "${OFFSITE_PASSWORD}"
                options: { secret_access_key: "${S3_SECRET_KEY}" }
            defaults:
              repository: local
            services:
            {{tracker.Yaml("    verify: [{ name: issues, type: sql, source: db, query: \"SELECT count(*) FROM issues\", expect_min: 1 }]")}}
              feed:
                hooks: { after_backup: [sh, -c, "exit 0", "${API_TOKEN}"] }
                sources:
                  api: { type: command, backup: [sh, -c, "echo feed", "${API_TOKEN}"], restore: [sh, -c, "cat > /dev/null"] }
              reports:
                sources:
                  db: { type: postgres, url: "postgres://postgres:{{postgres.Password}}@127.0.0.1:{{postgres.Port}}/{{tracker.PgDatabase}}" }
            """);
        Assert.Equal(0, (await lab.RunAsync("backup")).ExitCode);
        Assert.Equal(0, (await lab.RunAsync("drill", tracker.Name)).ExitCode);
        var bundlePath = lab.Combine("bundle.json");

        var run = await lab.RunAsync("support-bundle", "--output", bundlePath);

        Assert.True(run.ExitCode == 0, run.StandardError);
        var text = File.ReadAllText(bundlePath);
        string[] secrets = [.. tracker.Secrets, token, s3Key, offsitePassword];
        foreach (var secret in secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"the bundle holds the secret {secret[..4]}...:\n{text}");
        }

        var bundle = JsonNode.Parse(text)!.AsObject();
        Assert.Matches(@"^\d+\.\d+\.\d+$", (string?)bundle["lifeboat_version"]);
        Assert.StartsWith("pg_dump (PostgreSQL) ", (string?)bundle["tools"]!["pg_dump"], StringComparison.Ordinal);
        Assert.StartsWith("restic ", (string?)bundle["tools"]!["restic"], StringComparison.Ordinal);
        var manifest = (string?)bundle["manifest"];
        Assert.Contains("[redacted]", manifest, StringComparison.Ordinal);
        Assert.Contains($"{tracker.Name}:", manifest, StringComparison.Ordinal);
        Assert.Equal([tracker.Name, "feed", "reports"], bundle["status"]!.AsArray().Select(s => (string?)s!["service"]));
        Assert.Contains(bundle["doctor"]!.AsArray(), d => (string?)d!["subject"] == $"{tracker.Name}/db (Postgres)" && (bool?)d["ok"] == true);
        Assert.Contains(bundle["doctor"]!.AsArray(), d => (string?)d!["subject"] == "repository offsite" && (bool?)d["ok"] == false);
        var evidence = bundle["evidence"]!.AsArray();
        Assert.Contains(evidence, e => (string?)e!["kind"] == "backup" && (string?)e["service"] == "feed" && (string?)e["outcome"] == "ok");
        Assert.Contains(evidence, e => (string?)e!["kind"] == "drill" && (string?)e["service"] == tracker.Name && (string?)e["outcome"] == "ok");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(bundlePath));
    }
}
