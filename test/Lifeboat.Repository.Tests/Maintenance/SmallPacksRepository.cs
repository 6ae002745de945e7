using Lifeboat.Repository.Crypto;
using Lifeboat.Storage.Local;
using Lifeboat.Testing;

namespace Lifeboat.Repository.Tests.Maintenance;

/// <summary>About 120 small packs: 240 random blobs of 3-5 KiB in packs of at most 8 KiB, no snapshots.</summary>
public sealed class SmallPacksRepository : IAsyncLifetime
{
    public const string Password = "lifeboat-test";

    private readonly TempDirectory _directory = new("check-subset");

    public string Path => _directory.Combine("repo");

    public List<string> Packs { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await using var repository = await RepositoryInitializer.InitAsync(new LocalBackend(Path), Password, 2, new KdfParameters(1024, 8, 1));
        var random = new Random(5);
        await using var writer = new RepositoryWriter(repository, CompressionMode.Off, packSize: 8 * 1024);
        for (var i = 0; i < 240; i++)
        {
            var blob = new byte[random.Next(3 * 1024, 5 * 1024)];
            random.NextBytes(blob);
            await writer.AddBlobAsync(BlobType.Data, Id.Hash(blob), blob);
        }

        await writer.FlushAsync();
        Packs = [.. writer.Packs.Select(p => p.ToString()).Order(StringComparer.Ordinal)];
    }

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
