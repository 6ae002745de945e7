using System.Diagnostics;
using Lifeboat.Repository;
using Lifeboat.Repository.Locks;
using Lifeboat.Storage;
using Lifeboat.Testing;
using Xunit.Abstractions;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// <c>lifeboat repo unlock</c> against <c>restic unlock</c> on copies of the same repository: the same
/// stale locks go (older than 30 minutes, or made on this host by a process that is gone), the same live
/// ones stay, <c>--remove-all</c> removes all; also on a host whose name is fully qualified, where
/// both programs must agree on what "this host" is.
/// </summary>
public sealed class UnlockCommandTests(ITestOutputHelper output) : IDisposable
{
    private const string FullyQualifiedHost = "backup01.example.com";

    /// <summary>
    /// The process the live locks name. Not this test host: restic 0.14 probes a lock's process with
    /// SIGHUP, which would end the test run; nohup makes this one ignore it.
    /// </summary>
    private readonly Process _live = Process.Start(new ProcessStartInfo("nohup", ["sleep", "600"])
    {
        UseShellExecute = false,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    })!;

    [Fact]
    public async Task Unlock_removes_the_stale_locks_restic_removes_and_keeps_the_live_ones()
    {
        using var directory = new TempDirectory("unlock");
        var here = System.Net.Dns.GetHostName();
        var live = await CreateWithLocksAsync(directory.Combine("ours"), here);
        TestRepositories.CopyDirectory(directory.Combine("ours"), directory.Combine("theirs"));

        using var restic = new ResticCli(directory.Combine("theirs"), TestRepositories.Password);
        await restic.RunCheckedAsync("unlock");
        var result = await new LifeboatCli(directory.Combine("ours"), TestRepositories.Password).RunCheckedAsync("repo", "unlock");
        output.WriteLine(result.StandardOutput + result.StandardError);

        Assert.Equal(live, TestRepositories.Ids(directory.Combine("theirs"), "locks"));
        Assert.Equal(live, TestRepositories.Ids(directory.Combine("ours"), "locks"));
        Assert.Contains("removed 3 locks", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_all_removes_every_lock_as_restic_does_even_a_damaged_one()
    {
        using var directory = new TempDirectory("unlock-all");
        await CreateWithLocksAsync(directory.Combine("ours"), System.Net.Dns.GetHostName());
        var damaged = Path.Combine(directory.Combine("ours"), "locks", Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        await File.WriteAllTextAsync(damaged, "a lock file cut short by a crash");
        TestRepositories.CopyDirectory(directory.Combine("ours"), directory.Combine("theirs"));

        using var restic = new ResticCli(directory.Combine("theirs"), TestRepositories.Password);
        await restic.RunCheckedAsync("unlock", "--remove-all");
        Assert.Empty(TestRepositories.Ids(directory.Combine("theirs"), "locks"));
        await new LifeboatCli(directory.Combine("ours"), TestRepositories.Password).RunCheckedAsync("repo", "unlock", "--remove-all");
        Assert.Empty(TestRepositories.Ids(directory.Combine("ours"), "locks"));
    }

    [Fact]
    public async Task Restic_unlock_beside_a_running_lifeboat_backup_keeps_its_lock_and_the_backup_alive()
    {
        // restic 0.14 asks whether a lock's process lives by sending it SIGHUP.
        using var directory = new TempDirectory("unlock-running");
        var repository = directory.Combine("repo");
        await (await TestRepositories.CreateLifeboatAsync(repository)).DisposeAsync();
        using var backup = new LifeboatCli(repository, TestRepositories.Password).Start(["repo", "backup", "--stdin", "--stdin-filename", "stream.bin"]);
        await backup.Input.WriteAsync(new byte[1000]);
        await backup.Input.FlushAsync();
        var deadline = Stopwatch.StartNew();
        while (TestRepositories.Ids(repository, "locks").Count == 0 && deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(50);
        }

        var locks = TestRepositories.Ids(repository, "locks");
        Assert.Single(locks);
        using var restic = new ResticCli(repository, TestRepositories.Password);
        await restic.RunCheckedAsync("unlock");
        await Task.Delay(500);
        Assert.False(backup.HasExited, $"the backup died:\n{backup.Output}");
        Assert.Equal(locks, TestRepositories.Ids(repository, "locks"));

        await backup.Input.WriteAsync(new byte[1000]);
        backup.CloseInput();
        Assert.True(await backup.WaitForExitAsync(TimeSpan.FromMinutes(1)) == 0, backup.Output);
        Assert.Single(TestRepositories.Ids(repository, "snapshots"));
        Assert.Empty(TestRepositories.Ids(repository, "locks"));
    }

    [Fact]
    public async Task On_a_fully_qualified_host_unlock_agrees_with_restic_on_what_this_host_is()
    {
        Assert.True(UnixUser.IsRoot, "this test runs as root (as CI does): it names the host in a UTS namespace");
        using var directory = new TempDirectory("unlock-fqdn");
        var live = await CreateWithLocksAsync(directory.Combine("ours"), FullyQualifiedHost);
        TestRepositories.CopyDirectory(directory.Combine("ours"), directory.Combine("theirs"));

        using var restic = new ResticCli(directory.Combine("theirs"), TestRepositories.Password);
        (await OnFullyQualifiedHostAsync("restic", ["unlock"], restic.Environment)).EnsureSuccess();
        var ours = new LifeboatCli(directory.Combine("ours"), TestRepositories.Password);
        var result = (await OnFullyQualifiedHostAsync("dotnet", [LifeboatCli.Dll, "repo", "unlock"], ours.Environment)).EnsureSuccess();
        output.WriteLine(result.StandardOutput + result.StandardError);

        Assert.Equal(live, TestRepositories.Ids(directory.Combine("theirs"), "locks"));
        Assert.Equal(live, TestRepositories.Ids(directory.Combine("ours"), "locks"));
    }

    [Fact]
    public async Task On_a_fully_qualified_host_restic_unlock_removes_the_lock_of_a_killed_lifeboat()
    {
        Assert.True(UnixUser.IsRoot, "this test runs as root (as CI does): it names the host in a UTS namespace");
        using var directory = new TempDirectory("unlock-killed");
        var repository = directory.Combine("repo");
        await (await TestRepositories.CreateLifeboatAsync(repository)).DisposeAsync();
        var cli = new LifeboatCli(repository, TestRepositories.Password);

        // A backup from stdin holds its lock until its input ends; it is killed instead.
        var startInfo = new ProcessStartInfo("unshare") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var argument in (string[])["--uts", "sh", "-c", $"hostname {FullyQualifiedHost} && exec \"$@\"", "sh", "dotnet", LifeboatCli.Dll, "repo", "backup", "--stdin"])
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in cli.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        using (var backup = Process.Start(startInfo)!)
        {
            var deadline = Stopwatch.StartNew();
            while (TestRepositories.Ids(repository, "locks").Count == 0 && deadline.Elapsed < TimeSpan.FromMinutes(1))
            {
                await Task.Delay(50);
            }

            backup.Kill();
            await backup.WaitForExitAsync();
        }

        await using (var opened = await TestRepositories.OpenAsync(repository, loadIndex: false))
        {
            var lockFile = Assert.Single(await RepositoryLock.ListAsync(opened));
            Assert.Equal(FullyQualifiedHost, lockFile.Hostname);
        }

        using var restic = new ResticCli(repository, TestRepositories.Password);
        (await OnFullyQualifiedHostAsync("restic", ["unlock"], restic.Environment)).EnsureSuccess();
        Assert.Empty(TestRepositories.Ids(repository, "locks"));
    }

    public void Dispose()
    {
        _live.Kill();
        _live.WaitForExit();
        _live.Dispose();
    }

    /// <summary>
    /// A repository with five locks: three stale (expired, expired exclusive, and made on
    /// <paramref name="host"/> by a process that is gone) and two live (made on <paramref name="host"/> by
    /// a running process, and a recent one from elsewhere). Returns the ids of the live ones.
    /// </summary>
    private async Task<SortedSet<string>> CreateWithLocksAsync(string path, string host)
    {
        await using var repository = await TestRepositories.CreateLifeboatAsync(path);
        var now = DateTimeOffset.Now;
        await SaveAsync(repository, new LockFile { Time = new ResticTime(now.AddHours(-2)), Hostname = "elsewhere", Pid = 4242 });
        await SaveAsync(repository, new LockFile { Time = new ResticTime(now.AddHours(-1)), Hostname = "elsewhere", Pid = 4243, Exclusive = true });
        await SaveAsync(repository, new LockFile { Time = new ResticTime(now.AddMinutes(-1)), Hostname = host, Pid = await DeadPidAsync() });
        return new SortedSet<string>(StringComparer.Ordinal)
        {
            await SaveAsync(repository, new LockFile { Time = new ResticTime(now.AddMinutes(-1)), Hostname = host, Pid = _live.Id }),
            await SaveAsync(repository, new LockFile { Time = new ResticTime(now.AddMinutes(-5)), Hostname = "elsewhere", Pid = 4244 }),
        };
    }

    private static async Task<string> SaveAsync(Repository.Repository repository, LockFile lockFile)
    {
        lockFile.Username = "someone";
        return (await repository.SaveJsonAsync(FileType.Lock, lockFile)).ToString();
    }

    private static async Task<int> DeadPidAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.Id;
    }

    /// <summary>Runs a program in a new UTS namespace whose host name is <see cref="FullyQualifiedHost"/>.</summary>
    private static Task<ProcessResult> OnFullyQualifiedHostAsync(string program, string[] arguments, IReadOnlyDictionary<string, string?> environment) =>
        ProcessRunner.RunAsync(
            "unshare",
            ["--uts", "sh", "-c", $"hostname {FullyQualifiedHost} && exec \"$@\"", "sh", program, .. arguments],
            new ProcessOptions { Environment = environment });
}
