using Lifeboat.Repository.Archiver;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// A Lifeboat-made repository with 20 snapshots over a year and a bit: two hosts, tags, several
/// snapshots on some days and weeks. Each snapshot holds a file of its own (so forgetting it frees
/// data) beside a file all of them share.
/// </summary>
public sealed class ForgetFixture : IAsyncLifetime
{
    private static readonly double[] Days = [0, 0.1, 1, 2, 3, 7, 8, 14, 15, 30, 31, 45, 60, 61, 90, 120, 180, 200, 365, 366];

    private readonly TempDirectory _root = new("forget");

    public string Repository => _root.Combine("repo");

    public async Task InitializeAsync()
    {
        var start = new DateTimeOffset(2025, 1, 1, 10, 0, 0, TimeSpan.Zero).ToLocalTime();
        var shared = new byte[200 * 1024];
        new Random(1).NextBytes(shared);
        await using var repository = await TestRepositories.CreateLifeboatAsync(Repository);
        await repository.LoadIndexAsync();
        for (var i = 0; i < Days.Length; i++)
        {
            var own = new byte[8 * 1024];
            new Random(100 + i).NextBytes(own);
            var options = new BackupOptions
            {
                SnapshotPaths = ["/srv/app"],
                Hostname = i % 3 == 2 ? "beta" : "alpha",
                Tags = i % 5 == 0 ? ["keep"] : i % 2 == 0 ? ["daily"] : [],
                Time = start.AddDays(Days[i]),
            };
            await new Archiver(repository, options).BackupAsync(
            [
                new BackupItem.Bytes(["srv", "app", "shared.bin"], shared),
                new BackupItem.Bytes(["srv", "app", $"own-{i:D2}.bin"], own),
            ]);
        }
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }
}
