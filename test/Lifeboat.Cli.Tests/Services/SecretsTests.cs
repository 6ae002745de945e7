using System.Security.Cryptography;
using System.Text;
using Lifeboat.Cli.Tests.Services.Support;
using Lifeboat.Storage;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Services;

/// <summary>
/// Secrets (database passwords from a file, a variable and a URL, the repository password, values in
/// an .env, a token passed to commands) never show: not in any command's output, with or without
/// --json and --verbose, failures included; not in lifeboat.json or the evidence; not in snapshot or
/// index metadata; not in any byte of the repository outside the encrypted data.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class SecretsTests(PostgreSqlServer postgres, MariaDbServer mariaDb)
{
    [Fact]
    public async Task Secrets_never_appear_in_output_in_snapshot_metadata_or_in_the_repository_s_plaintext()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var tracker = await TrackerService.CreateAsync(lab, postgres, mariaDb);
        var token = "tok-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        foreach (var (name, value) in tracker.Variables)
        {
            lab.Variables[name] = value;
        }

        lab.Variables["API_TOKEN"] = token;
        lab.WriteManifest(tracker.Yaml() + $$"""
              tokens:
                stop: [sh, -c, "exit 0", "${API_TOKEN}"]
                start: [sh, -c, "exit 0", "${API_TOKEN}"]
                sources:
                  feed: { type: command, backup: [sh, -c, "test -n \"$0\" && echo feed", "${API_TOKEN}"], restore: [sh, -c, "cat > /dev/null"] }
              leaky:
                sources:
                  db: { type: postgres, url: "postgres://postgres:{{postgres.Password}}@127.0.0.1:{{postgres.Port}}/no_such_database" }
            """);
        string[] secrets = [.. tracker.Secrets, token];

        var runs = new List<ProcessResult>
        {
            await lab.RunAsync("backup"),
            await lab.RunAsync("backup", "--json"),
            await lab.RunAsync("backup", "--verbose", tracker.Name, "tokens", "leaky"),
            await lab.RunAsync("list", "--json"),
            await lab.RunAsync("status", "--verbose"),
            await lab.RunAsync("status", "--json"),
            await lab.RunAsync("drill", tracker.Name, "tokens", "--json", "--verbose"),
            await lab.RunAsync("restore", tracker.Name, "--dry-run"),
            await lab.RunAsync("doctor", "--verbose"),
            await lab.RunAsync("doctor", "--json"),
        };

        Assert.Equal([1, 1, 1, 0, 0, 0, 0, 0, 1, 1], runs.Select(r => r.ExitCode));
        Assert.Contains("leaky: backup failed: source 'db'", runs[0].StandardError, StringComparison.Ordinal);
        Assert.Contains("tokens: stopping (sh -c 'exit 0' '[redacted]')", runs[2].StandardOutput, StringComparison.Ordinal);
        foreach (var run in runs)
        {
            AssertNoSecret(secrets, $"{run.CommandLine}: stdout", run.StandardOutput);
            AssertNoSecret(secrets, $"{run.CommandLine}: stderr", run.StandardError);
        }

        // No byte of the repository shows a secret: everything but the key files is encrypted.
        foreach (var file in Directory.EnumerateFiles(lab.RepositoryPath, "*", SearchOption.AllDirectories))
        {
            AssertNoSecret(secrets, file, Encoding.UTF8.GetString(File.ReadAllBytes(file)));
        }

        // Decrypted, the metadata holds none either: snapshots (tags, paths, host) and indexes.
        var repository = await lab.OpenRepositoryAsync();
        foreach (var type in new[] { FileType.Snapshot, FileType.Index })
        {
            foreach (var id in await repository.ListIdsAsync(type))
            {
                AssertNoSecret(secrets, $"{type} {id}", Encoding.UTF8.GetString(await repository.LoadFileAsync(type, id)));
            }
        }

        // Nor what restic shows: snapshots, each snapshot's metadata and tree listing, each lifeboat.json and evidence record.
        var restic = lab.Restic();
        var snapshots = await restic.SnapshotsAsync();
        Assert.Contains(snapshots, s => (s.Tags ?? []).Contains($"service={tracker.Name}") && (s.Tags ?? []).Contains("lifeboat"));
        AssertNoSecret(secrets, "restic snapshots", (await restic.RunCheckedAsync("snapshots", "--json")).StandardOutput);
        foreach (var snapshot in snapshots)
        {
            AssertNoSecret(secrets, $"restic cat snapshot {snapshot.ShortId}", (await restic.RunCheckedAsync("cat", "snapshot", snapshot.Id)).StandardOutput);
            AssertNoSecret(secrets, $"restic ls {snapshot.ShortId}", (await restic.RunCheckedAsync("ls", "--json", snapshot.Id)).StandardOutput);
            var tags = snapshot.Tags ?? [];
            var file = tags.Contains("lifeboat-evidence")
                ? $"/lifeboat-evidence/{tags.First(t => t.StartsWith("evidence=", StringComparison.Ordinal))["evidence=".Length..]}.json"
                : $"{snapshot.Paths[0]}/lifeboat.json";
            var content = (await restic.RunCheckedAsync("dump", snapshot.Id, file)).StandardOutput;
            Assert.NotEmpty(content);
            AssertNoSecret(secrets, $"restic dump {snapshot.ShortId} {file}", content);
        }
    }

    private static void AssertNoSecret(IEnumerable<string> secrets, string where, string text)
    {
        foreach (var secret in secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{where} shows a secret:\n{text}");
        }
    }
}
