using Lifeboat.Storage;
using Lifeboat.Repository;
using Lifeboat.Storage.Local;
using Lifeboat.Testing;
using Lifeboat.Testing.Trees;
using Xunit.Abstractions;

namespace Lifeboat.Cli.Tests;

/// <summary>
/// Backups that do not end well: killed with SIGKILL at many moments, interrupted with SIGINT, two at
/// once into one repository, and a repository that refuses writes. After each, restic still checks
/// the repository, and what the next backup makes restores identical to the source.
/// </summary>
public sealed class BackupFaultTests(BigTreeFixture fixture, ITestOutputHelper output) : IClassFixture<BigTreeFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Backup_killed_at_any_moment_leaves_a_repository_that_restic_checks_and_a_next_backup_restores()
    {
        using var directory = new TempDirectory("cli-kill");
        var lifeboat = await BigTreeFixture.NewRepositoryAsync(directory);
        using var restic = new ResticCli(lifeboat.Repository, BigTreeFixture.Password);
        var files = new RepositoryFiles(lifeboat.Repository);
        (string Name, Func<RepositoryCounts, RepositoryCounts, bool> Reached)[] moments =
        [
            ("while starting", (_, _) => true),
            ("once its lock is taken", (before, now) => now.Locks > before.Locks),
            ("after the first pack", (before, now) => now.Packs > before.Packs),
            ("after 3 packs", (before, now) => now.Packs >= before.Packs + 3),
            ("after 5 packs", (before, now) => now.Packs >= before.Packs + 5),
            ("once an index file is written", (before, now) => now.Index > before.Index),
            ("once the snapshot is written", (before, now) => now.Snapshots > before.Snapshots),
        ];

        var log = new List<string>();
        foreach (var (name, reached) in moments)
        {
            var before = files.Count();
            using (var backup = lifeboat.Start("repo", "backup", fixture.Tree.Root))
            {
                while (!reached(before, files.Count()) && !backup.HasExited)
                {
                    await Task.Delay(5);
                }

                var finishedFirst = backup.HasExited;
                backup.Signal(RunningCli.SIGKILL);
                var (exitCode, _, _) = await backup.WaitAsync(Patience);
                log.Add($"{name}: {(finishedFirst ? $"finished first (exit code {exitCode})" : "killed")}; now {files.Count()}");
                output.WriteLine(log[^1]);
            }

            // restic refuses to run next to the dead backup's lock until 'restic unlock'; --no-lock reads past it.
            var check = await restic.RunAsync("--no-lock", "check");
            Assert.True(check.ExitCode == 0, $"restic check after the kill {name} failed:\n{check.StandardOutput}{check.StandardError}\n{string.Join('\n', log)}");
        }

        var summary = await lifeboat.BackupAsync(fixture.Tree.Root);
        using var target = new TempDirectory("cli-kill-restore");
        await restic.RunCheckedAsync("--no-lock", "restore", summary.GetProperty("snapshot_id").GetString()!, "--target", target.Path);
        DirectoryComparer.AssertIdentical(fixture.Source, target.Path + fixture.Tree.Root, new CompareOptions { CompareRoot = true });
    }

    [Fact]
    public async Task Interrupted_backup_exits_130_without_a_snapshot_or_lock_and_its_packs_are_reused()
    {
        using var directory = new TempDirectory("cli-sigint");
        var lifeboat = await BigTreeFixture.NewRepositoryAsync(directory);
        var files = new RepositoryFiles(lifeboat.Repository);

        int exitCode;
        string standardError;
        // Every pack save waits a little, so that the backup is still running when the signal comes.
        using (var backup = lifeboat.StartWith(new Dictionary<string, string> { [WriteHooksBackend.DelayVariable] = "150" }, "repo", "backup", fixture.Tree.Root))
        {
            while (files.Count().Packs < 2 && !backup.HasExited)
            {
                await Task.Delay(5);
            }

            Assert.False(backup.HasExited, "the backup finished before it could be interrupted");
            backup.Signal(RunningCli.SIGINT);
            (exitCode, _, standardError) = await backup.WaitAsync(Patience);
        }

        Assert.Equal(130, exitCode);
        Assert.DoesNotContain("   at ", standardError, StringComparison.Ordinal);
        var counts = files.Count();
        Assert.Equal(0, counts.Snapshots);
        Assert.Equal(0, counts.Locks);
        var keptBytes = files.PackBytes();
        await using (var repository = await Repository.Repository.OpenAsync(new LocalBackend(lifeboat.Repository), BigTreeFixture.Password))
        {
            await repository.LoadIndexAsync();
            Assert.Equal(counts.Packs, repository.Index.PackCount); // every stored pack is indexed, none orphaned
        }

        var next = await lifeboat.BackupAsync(fixture.Tree.Root);

        Assert.True(keptBytes > 0);
        Assert.True(next.GetProperty("data_added").GetInt64() + keptBytes <= fixture.BytesToRead,
            $"the next backup added {next.GetProperty("data_added")} bytes although {keptBytes} bytes of packs were kept; all the data is {fixture.BytesToRead} bytes");
        using var restic = new ResticCli(lifeboat.Repository, BigTreeFixture.Password);
        var check = await restic.RunAsync("check");
        Assert.True(check.ExitCode == 0, check.StandardOutput + check.StandardError);
    }

    [Fact]
    public async Task Two_backups_at_once_into_one_repository_both_make_valid_snapshots()
    {
        using var directory = new TempDirectory("cli-concurrent");
        var lifeboat = await BigTreeFixture.NewRepositoryAsync(directory);
        using var restic = new ResticCli(lifeboat.Repository, BigTreeFixture.Password);

        // Without the bulk files: the two runs overlap all the same, at half the cost.
        using var first = lifeboat.Start("repo", "backup", "--json", "--exclude", "bulk", fixture.Tree.Root);
        using var second = lifeboat.Start("repo", "backup", "--json", "--exclude", "bulk", "--tag", "second", fixture.Tree.Root);

        // Our locks are restic's: while both run, restic's exclusive commands (check, prune) must wait.
        var files = new RepositoryFiles(lifeboat.Repository);
        while (files.Count().Locks < 2 && !first.HasExited && !second.HasExited)
        {
            await Task.Delay(5);
        }

        var lockedOut = await restic.RunAsync("check");
        if (!first.HasExited && !second.HasExited)
        {
            Assert.NotEqual(0, lockedOut.ExitCode);
            Assert.Contains("locked", lockedOut.StandardError, StringComparison.Ordinal);
        }

        var results = await Task.WhenAll(first.WaitAsync(Patience), second.WaitAsync(Patience));

        foreach (var (exitCode, standardOutput, standardError) in results)
        {
            Assert.True(exitCode == 0, standardError);
            var snapshot = LifeboatCli.Summary(standardOutput)!.Value.GetProperty("snapshot_id").GetString()!;
            using var target = new TempDirectory("cli-concurrent-restore");
            await restic.RestoreAsync(snapshot, target.Path);
            DirectoryComparer.AssertIdentical(fixture.Source, target.Path + fixture.Tree.Root, new CompareOptions { Ignore = p => p == "bulk" });
        }

        Assert.Equal(2, (await restic.SnapshotsAsync()).Count);
        var check = await restic.RunAsync("check");
        Assert.True(check.ExitCode == 0, check.StandardOutput + check.StandardError);
    }

    [Fact]
    public async Task Backup_into_an_unwritable_repository_fails_clearly_and_leaves_it_valid()
    {
        using var directory = new TempDirectory("cli-unwritable");
        var lifeboat = await BigTreeFixture.NewRepositoryAsync(directory);
        var data = Path.Combine(lifeboat.Repository, "data");

        // Root ignores permission bits, so make the pack directories files: nothing can be stored in them.
        foreach (var sub in Directory.GetDirectories(data))
        {
            Directory.Delete(sub);
            File.WriteAllText(sub, "not a directory");
        }

        var result = await lifeboat.RunAsync("repo", "backup", fixture.Tree.Root);

        foreach (var sub in Directory.GetFiles(data))
        {
            File.Delete(sub);
            Directory.CreateDirectory(sub);
        }

        Assert.Equal(1, result.ExitCode);
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var error = Assert.Single(lines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("data/", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        var counts = new RepositoryFiles(lifeboat.Repository).Count();
        Assert.Equal(0, counts.Snapshots);
        Assert.Equal(0, counts.Locks);
        using var restic = new ResticCli(lifeboat.Repository, BigTreeFixture.Password);
        var check = await restic.RunAsync("check");
        Assert.True(check.ExitCode == 0, check.StandardOutput + check.StandardError);
    }

    [Fact]
    public async Task Backup_onto_a_full_disk_fails_clearly_leaves_no_temporary_file_and_the_next_one_succeeds()
    {
        Assert.True(UnixUser.IsRoot, "this test runs as root (as CI does): it mounts a small tmpfs for the repository");
        using var directory = new TempDirectory("cli-disk-full");
        var mount = directory.Combine("small-disk");
        Directory.CreateDirectory(mount);
        (await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", "size=24m", "tmpfs", mount])).EnsureSuccess();
        try
        {
            var repository = Path.Combine(mount, "repo");
            await FastKey.InitAsync(repository, BigTreeFixture.Password);
            var lifeboat = new LifeboatCli(repository, BigTreeFixture.Password);

            var result = await lifeboat.RunAsync("repo", "backup", fixture.Tree.Root);

            output.WriteLine(result.StandardError);
            Assert.Equal(1, result.ExitCode);
            var error = Assert.Single(result.StandardError.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
            Assert.Contains("No space left on device", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
            var counts = new RepositoryFiles(repository).Count();
            Assert.Equal(0, counts.Snapshots);
            Assert.Equal(0, counts.Locks);
            Assert.Empty(Directory.GetFiles(Path.Combine(repository, "tmp")));
            using var restic = new ResticCli(repository, BigTreeFixture.Password);
            var check = await restic.RunAsync("--no-lock", "check");
            Assert.True(check.ExitCode == 0, check.StandardOutput + check.StandardError);

            // More space, as an operator would make: the next backup completes and restores identical.
            (await ProcessRunner.RunAsync("mount", ["-o", "remount,size=512m", mount])).EnsureSuccess();
            var summary = await lifeboat.BackupAsync(fixture.Tree.Root);
            using var target = new TempDirectory("cli-disk-full-restore");
            await restic.RunCheckedAsync("restore", summary.GetProperty("snapshot_id").GetString()!, "--target", target.Path);
            DirectoryComparer.AssertIdentical(fixture.Source, target.Path + fixture.Tree.Root, new CompareOptions { CompareRoot = true });
        }
        finally
        {
            await ProcessRunner.RunAsync("umount", ["--lazy", mount]);
        }
    }
}
