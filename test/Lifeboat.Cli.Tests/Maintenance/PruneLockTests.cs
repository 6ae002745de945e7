using System.Diagnostics;
using System.Security.Cryptography;
using Lifeboat.Repository;
using Lifeboat.Repository.Locks;
using Lifeboat.Storage;
using Lifeboat.Testing;
using Xunit.Abstractions;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// Prune beside backups: a running backup's shared lock makes prune refuse (deleting nothing, not even
/// the pack the backup has just written); the stale lock of a backup that may only be suspended does not
/// block prune, but the packs written since that lock are left alone; a dead prune's lock protects nothing.
/// </summary>
[Collection(PruneHistoryCollection.Name)]
public sealed class PruneLockTests(PruneHistoryFixture history, ITestOutputHelper output)
{
    [Fact]
    public async Task Prune_refuses_while_a_backup_runs_and_deletes_nothing_it_wrote()
    {
        using var directory = history.NewDirectory("prune-busy");
        var repository = directory.Combine("repo");
        TestRepositories.CopyDirectory(history.Forgotten, repository);
        var cli = new LifeboatCli(repository, TestRepositories.Password);
        var packsBefore = TestRepositories.Ids(repository, "data");
        var content = RandomNumberGenerator.GetBytes(36 * 1024 * 1024);

        // More than a pack (16 MiB) plus the largest chunk still waiting for its end (8 MiB): a pack is stored for sure.
        using var backup = cli.Start(["repo", "backup", "--stdin", "--stdin-filename", "big.bin"]);
        await backup.Input.WriteAsync(content.AsMemory(0, 30 * 1024 * 1024));
        await backup.Input.FlushAsync();
        var written = await WaitForAsync(() => TestRepositories.Ids(repository, "data").Except(packsBefore).ToList() is { Count: > 0 } fresh ? fresh : null);
        Assert.Single(TestRepositories.Ids(repository, "locks"));
        var files = TestRepositories.ListFiles(repository);

        var prune = await cli.RunAsync("repo", "prune");
        output.WriteLine($"{prune.ExitCode}\n{prune.StandardOutput}{prune.StandardError}");
        Assert.Equal(1, prune.ExitCode);
        Assert.Contains("already locked", prune.StandardError, StringComparison.Ordinal);
        Assert.Subset(TestRepositories.ListFiles(repository), files);
        Assert.All(written, pack => Assert.True(File.Exists(TestRepositories.PackPath(repository, pack))));

        await backup.Input.WriteAsync(content.AsMemory(30 * 1024 * 1024));
        backup.CloseInput();
        Assert.True(await backup.WaitForExitAsync(TimeSpan.FromMinutes(1)) == 0, backup.Output);

        using var restic = new ResticCli(repository, TestRepositories.Password);
        await restic.CheckAsync();
        var dump = (await restic.RunAsync("dump", "latest", "/big.bin")).EnsureSuccess();
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(dump.StandardOutputBytes.Span));
    }

    [Fact]
    public async Task Prune_cannot_slip_in_between_a_backups_index_load_and_its_lock()
    {
        // A file backed up once and then forgotten: its blobs are indexed but unused, so prune deletes them.
        using var directory = history.NewDirectory("prune-race-backup");
        var repository = directory.Combine("repo");
        var data = directory.CreateDirectory("data");
        await File.WriteAllBytesAsync(Path.Combine(data, "file.bin"), RandomNumberGenerator.GetBytes(300 * 1024));
        await using (var opened = await TestRepositories.CreateLifeboatAsync(repository))
        {
            await opened.LoadIndexAsync();
            var forgotten = await EngineBackup.RunAsync(opened, data, DateTimeOffset.Now.AddDays(-1));
            File.Delete(Path.Combine(repository, "snapshots", forgotten.Id.ToString()));
        }

        // The backup is suspended just after it has read the index; every write it makes waits half a second.
        var cli = new LifeboatCli(repository, TestRepositories.Password);
        using var backup = cli.Start(["repo", "backup", "--verbose", data], new Dictionary<string, string> { [LifeboatCli.WriteDelayVariable] = "500" });
        await backup.WaitForLineAsync("index loaded", TimeSpan.FromMinutes(1));
        backup.Suspend();
        var prune = await cli.RunAsync("repo", "prune");
        output.WriteLine($"prune: {prune.ExitCode}\n{prune.StandardOutput}{prune.StandardError}");
        backup.Resume();
        Assert.Equal(0, await backup.WaitForExitAsync(TimeSpan.FromMinutes(1)));

        // The index is read under the lock, so prune finds the repository locked; and the new snapshot's data is all there.
        Assert.Contains("already locked", prune.StandardError, StringComparison.Ordinal);
        using var restic = new ResticCli(repository, TestRepositories.Password);
        var check = await restic.RunAsync("--no-lock", "check", "--read-data");
        Assert.True(check.Succeeded, $"{check.StandardOutput}{check.StandardError}\nbackup:\n{backup.Output}");
    }

    [Fact]
    public async Task Prune_cannot_slip_in_between_a_copys_index_load_and_its_lock()
    {
        // The destination once had the same small files (same blob ids whatever the polynomial), now forgotten.
        using var directory = history.NewDirectory("prune-race-copy");
        var source = directory.Combine("source");
        var destination = directory.Combine("destination");
        var data = directory.CreateDirectory("data");
        await File.WriteAllBytesAsync(Path.Combine(data, "file.bin"), RandomNumberGenerator.GetBytes(300 * 1024));
        await using (var opened = await TestRepositories.CreateLifeboatAsync(source))
        {
            await opened.LoadIndexAsync();
            await EngineBackup.RunAsync(opened, data, DateTimeOffset.Now.AddDays(-1));
        }

        await using (var opened = await TestRepositories.CreateLifeboatAsync(destination))
        {
            await opened.LoadIndexAsync();
            var forgotten = await EngineBackup.RunAsync(opened, data, DateTimeOffset.Now.AddDays(-2));
            File.Delete(Path.Combine(destination, "snapshots", forgotten.Id.ToString()));
        }

        var cli = new LifeboatCli(destination, TestRepositories.Password);
        using var copy = cli.Start(
            ["repo", "copy", "--verbose", "--from-repo", source],
            new Dictionary<string, string> { [LifeboatCli.WriteDelayVariable] = "500", ["LIFEBOAT_FROM_PASSWORD"] = TestRepositories.Password });
        await copy.WaitForLineAsync("index loaded", TimeSpan.FromMinutes(1));
        copy.Suspend();
        var prune = await cli.RunAsync("repo", "prune");
        output.WriteLine($"prune: {prune.ExitCode}\n{prune.StandardOutput}{prune.StandardError}");
        copy.Resume();
        Assert.Equal(0, await copy.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("already locked", prune.StandardError, StringComparison.Ordinal);

        using var restic = new ResticCli(destination, TestRepositories.Password);
        var check = await restic.RunAsync("--no-lock", "check", "--read-data");
        Assert.True(check.Succeeded, $"{check.StandardOutput}{check.StandardError}\ncopy:\n{copy.Output}");
    }

    public static TheoryData<string> StaleLocks => new() { "backup, lock expired", "backup, process gone", "prune, process gone" };

    [Theory]
    [MemberData(nameof(StaleLocks))]
    public async Task Stale_lock_does_not_block_prune_and_a_backups_lock_protects_the_packs_written_since(string staleLock)
    {
        using var directory = history.NewDirectory("prune-stale");
        var repository = directory.Combine("repo");
        TestRepositories.CopyDirectory(history.Forgotten, repository);
        var longAgo = DateTime.UtcNow.AddHours(-3);
        foreach (var pack in Directory.EnumerateFiles(Path.Combine(repository, "data"), "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(pack, longAgo);
        }

        var oldPacks = TestRepositories.Ids(repository, "data");
        var lockFile = staleLock switch
        {
            "backup, lock expired" => new LockFile { Time = new ResticTime(DateTimeOffset.Now.AddHours(-2)), Hostname = "suspended-laptop", Pid = 4242 },
            "backup, process gone" => new LockFile { Time = new ResticTime(DateTimeOffset.Now.AddMinutes(-1)), Hostname = LockFile.ThisHost, Pid = await DeadPidAsync() },
            _ => new LockFile { Time = new ResticTime(DateTimeOffset.Now.AddMinutes(-1)), Hostname = LockFile.ThisHost, Pid = await DeadPidAsync(), Exclusive = true },
        };

        // What the suspended writer left: a pack no index names yet, and an indexed pack no snapshot uses yet.
        var unreferenced = await Damage.AddUnreferencedPackAsync(repository);
        string unused;
        await using (var opened = await TestRepositories.OpenAsync(repository))
        {
            lockFile.Username = "backup";
            await opened.SaveJsonAsync(FileType.Lock, lockFile);
            var blob = RandomNumberGenerator.GetBytes(4096);
            await using var writer = new RepositoryWriter(opened);
            await writer.AddBlobAsync(BlobType.Data, Id.Hash(blob), blob);
            await writer.FlushAsync();
            unused = writer.Packs.Single().ToString();
        }

        var prune = await new LifeboatCli(repository, TestRepositories.Password).RunAsync("repo", "prune");
        output.WriteLine($"{prune.ExitCode}\n{prune.StandardOutput}{prune.StandardError}");
        Assert.Equal(0, prune.ExitCode);
        Assert.True(TestRepositories.Ids(repository, "data").Count(oldPacks.Contains) < oldPacks.Count, "prune removed old unused packs");
        if (lockFile.Exclusive)
        {
            Assert.DoesNotContain("left alone", prune.StandardError, StringComparison.Ordinal);
            Assert.False(File.Exists(TestRepositories.PackPath(repository, unreferenced)));
            Assert.False(File.Exists(TestRepositories.PackPath(repository, unused)));
        }
        else
        {
            Assert.Contains("2 packs were left alone: a stale lock", prune.StandardError, StringComparison.Ordinal);
            Assert.True(File.Exists(TestRepositories.PackPath(repository, unreferenced)), "the unindexed pack written after the lock is still there");
            Assert.True(File.Exists(TestRepositories.PackPath(repository, unused)), "the unused pack written after the lock is still there");
        }

        using var restic = new ResticCli(repository, TestRepositories.Password);
        Assert.True((await restic.RunAsync("--no-lock", "check")).Succeeded);
        await SnapshotDigests.AssertUnchangedAsync(repository, history.KeptDigests);
    }

    /// <summary>The id of a process that has exited (a pid restic and Lifeboat see as gone).</summary>
    private static async Task<int> DeadPidAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.Id;
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the condition was not met within a minute");
    }
}
