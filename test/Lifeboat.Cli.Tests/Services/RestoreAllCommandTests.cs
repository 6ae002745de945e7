using Lifeboat.Cli.Tests.Services.Support;
using Lifeboat.Orchestration;
using Lifeboat.Orchestration.Backup;

namespace Lifeboat.Cli.Tests.Services;

/// <summary>
/// <c>lifeboat restore-all</c> after a full loss: services come back dependencies first, then by
/// priority (seen through their before_restore hooks); <c>--dry-run</c> prints the plan and changes
/// nothing; a dependency cycle is a configuration error naming the cycle.
/// </summary>
public sealed class RestoreAllCommandTests
{
    [Fact]
    public async Task Restore_all_restores_dependencies_first_then_by_priority_and_dry_run_changes_nothing()
    {
        await using var lab = await ServiceLab.CreateAsync();
        var order = lab.Combine("order.log");
        string Service(string name, string settings) => $$"""
              {{name}}:
                {{settings}}
                hooks: { before_restore: [sh, -c, "echo {{name}} >> {{order}}"] }
                sources:
                  data: { type: files, path: ./data/{{name}} }

            """;
        foreach (var name in new[] { "web", "app", "db", "cache", "wiki" })
        {
            lab.Directory.WriteFile(Path.Combine("data", name, "content.txt"), $"{name} content");
        }

        // Declared out of order on purpose: web needs app, app needs db; cache has the lowest priority number.
        lab.WriteManifest(
            Service("web", "depends_on: [app]\n    priority: 1") +
            Service("wiki", "priority: 100") +
            Service("app", "depends_on: [db]\n    priority: 10") +
            Service("db", "priority: 50") +
            Service("cache", "priority: 5"));
        var repositories = lab.Repositories(await lab.LoadAsync());
        foreach (var service in repositories.Manifest.Services.Values)
        {
            await new ServiceBackupRunner(repositories, SilentLog.Instance, TimeProvider.System).BackupAsync(service, new ServiceBackupOptions());
        }

        foreach (var name in new[] { "web", "app", "db", "cache", "wiki" })
        {
            File.WriteAllText(lab.Combine("data", name, "content.txt"), "lost");
        }

        var dryRun = await lab.RunAsync("restore-all", "--dry-run");

        Assert.Equal(0, dryRun.ExitCode);
        Assert.Contains("restore order: cache -> db -> app -> web -> wiki", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("restore plan for 'app' from ", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("  take a safety snapshot of the current state (tag pre-restore)", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  restore data \((?i:files)\) in place, loaded beside the live data while the safety snapshot is taken$", dryRun.StandardOutput);
        Assert.Contains("dry run: nothing was changed", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(order));
        Assert.All(new[] { "web", "app", "db", "cache", "wiki" }, name => Assert.Equal("lost", File.ReadAllText(lab.Combine("data", name, "content.txt"))));
        Assert.DoesNotContain(await (await lab.OpenRepositoryAsync()).LoadSnapshotsAsync(), s => s.HasTag(ServiceSnapshots.PreRestoreTag));

        var restore = await lab.RunAsync("restore-all", "--yes");

        Assert.True(restore.ExitCode == 0, restore.StandardError);
        Assert.Equal(["cache", "db", "app", "web", "wiki"], File.ReadAllLines(order));
        Assert.All(new[] { "web", "app", "db", "cache", "wiki" }, name => Assert.Equal($"{name} content", File.ReadAllText(lab.Combine("data", name, "content.txt"))));
        Assert.Contains("restored 5 services: cache (", restore.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dependency_cycle_is_a_configuration_error_naming_the_cycle()
    {
        await using var lab = await ServiceLab.CreateAsync();
        lab.Directory.WriteFile(Path.Combine("data", "a.txt"), "a");
        lab.WriteManifest("""
              api:
                depends_on: [auth]
                sources: { data: { type: files, path: ./data } }
              auth:
                depends_on: [users]
                sources: { data: { type: files, path: ./data } }
              users:
                depends_on: [api]
                sources: { data: { type: files, path: ./data } }
            """);

        var restore = await lab.RunAsync("restore-all", "--yes");

        Assert.Equal(2, restore.ExitCode);
        Assert.Matches(@"dependency cycle: (api -> auth -> users -> api|auth -> users -> api -> auth|users -> api -> auth -> users)", restore.StandardError);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(lab.RepositoryPath, "snapshots")));
    }
}
