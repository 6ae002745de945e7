using Lifeboat.Repository.Archiver;
using Lifeboat.Repository.Crypto;
using Lifeboat.Repository.Locks;
using Lifeboat.Storage;
using Lifeboat.Storage.Local;
using Lifeboat.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Lifeboat.Repository.Tests.Locks;

/// <summary>
/// A backup's shared lock settles while the backup starts: the lock is returned once its file is
/// written and the index loaded; the second look for conflicting locks (after restic's 200 ms wait)
/// finishes in the background, and nothing is committed before it has passed.
/// </summary>
public sealed class BackgroundSettleTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Lock_is_returned_before_the_settle_wait_and_confirmed_before_a_commit()
    {
        using var directory = new TempDirectory("lock-background");
        await using var repository = await RepositoryInitializer.InitAsync(new LocalBackend(directory.Combine("repo")), "pw", kdf: new KdfParameters(1024, 8, 1));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var indexLoaded = false;

        await using var held = await RepositoryLock.AcquireAsync(
            repository, exclusive: false, clock, whileSettling: async token => { await repository.ReloadIndexAsync(token); indexLoaded = true; }, settleInBackground: true);

        Assert.True(indexLoaded);
        var confirming = held.EnsureHeldAsync();
        await Task.Delay(50);
        Assert.False(confirming.IsCompleted, "the lock cannot be confirmed before the settle wait");
        clock.Advance(Settle);
        await confirming.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(held.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task Backup_under_a_lock_that_meets_an_exclusive_lock_while_settling_commits_nothing()
    {
        using var directory = new TempDirectory("lock-background-conflict");
        var backend = new LocalBackend(directory.Combine("repo"));
        await using var repository = await RepositoryInitializer.InitAsync(backend, "pw", kdf: new KdfParameters(1024, 8, 1));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var held = await RepositoryLock.AcquireAsync(repository, exclusive: false, clock, whileSettling: repository.ReloadIndexAsync, settleInBackground: true);

        // A prune on another host took its exclusive lock at the same moment, before it could see ours.
        var prune = await repository.SaveJsonAsync(FileType.Lock, new LockFile
        {
            Time = new ResticTime(clock.GetLocalNow()),
            Exclusive = true,
            Hostname = "other-host",
            Username = "backup",
            Pid = 4242,
        });
        var backup = new Archiver.Archiver(repository, new BackupOptions { SnapshotPaths = ["/data"], BeforeCommit = held.EnsureHeldAsync, Clock = clock })
            .BackupAsync([new BackupItem.Bytes(["data", "a.txt"], "written while the lock settled"u8.ToArray())], held.Lost);
        clock.Advance(Settle);

        var conflict = await Assert.ThrowsAnyAsync<Exception>(() => backup.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(conflict is RepositoryException or OperationCanceledException, conflict.ToString());
        Assert.True(held.Lost.IsCancellationRequested);
        var reported = await Assert.ThrowsAsync<RepositoryException>(() => held.EnsureHeldAsync());
        Assert.StartsWith("repository is already locked", reported.Message, StringComparison.Ordinal);
        Assert.Empty(await backend.ListAsync(FileType.Snapshot).ToListAsync());

        await held.DisposeAsync();
        Assert.Equal([prune.ToString()], await backend.ListAsync(FileType.Lock).Select(f => f.Name).ToListAsync());
    }
}
