using Lifeboat.Repository.Checking;
using Lifeboat.Repository.Crypto;
using Lifeboat.Repository.Packs;
using Lifeboat.Storage.Local;
using Lifeboat.Testing;

namespace Lifeboat.Repository.Tests.Maintenance;

/// <summary>
/// <c>check --read-data</c> reads a pack in windows of a few megabytes, hashing every byte once: packs
/// whose blobs are larger than a window, smaller, or both, pass when intact, and one flipped byte
/// anywhere (inside a large blob beyond the first window, in a small blob, in the header) is found
/// and named.
/// </summary>
public sealed class CheckerReadDataTests : IDisposable
{
    private const string Password = "lifeboat-test";

    // Blob sizes of the one pack: around and across the 4 MiB window.
    private static readonly int[] Sizes = [100, 9 * 1024 * 1024 + 17, 3000, 5 * 1024 * 1024 - 3, 4 * 1024 * 1024, 1, 700 * 1024];

    private readonly TempDirectory _directory = new("check-read-data");

    private string RepositoryPath => _directory.Combine("repo");

    [Fact]
    public async Task An_intact_pack_of_large_and_small_blobs_passes()
    {
        var (pack, _) = await CreateAsync();
        var result = await CheckAsync();
        Assert.False(result.HasErrors, string.Join("\n", result.Problems));
        Assert.Equal(1, result.PacksRead);
        Assert.True(new FileInfo(PackPath(pack)).Length > 18 * 1024 * 1024, "one pack holds every blob");
    }

    [Theory]
    [InlineData(1, 6 * 1024 * 1024)] // inside the 9 MiB blob, past the first window
    [InlineData(3, 5 * 1024 * 1024 - 100)] // near the end of a blob that straddles windows
    [InlineData(5, 0)] // the one-byte blob
    public async Task A_flipped_byte_in_a_blob_names_the_blob_and_the_pack(int blobIndex, int offsetInPlaintext)
    {
        var (pack, blobs) = await CreateAsync();
        var blob = blobs.Single(b => b.PlaintextLength == Sizes[blobIndex]);
        FlipByte(PackPath(pack), (long)blob.Offset + CryptoKey.IvSize + offsetInPlaintext);

        var result = await CheckAsync();

        Assert.True(result.HasErrors);
        var messages = string.Join("\n", result.Problems.Select(p => p.ToString()));
        Assert.Contains(blob.Id.ToString(), messages, StringComparison.Ordinal);
        Assert.Contains(pack.ToString(), messages, StringComparison.Ordinal);
        Assert.Contains("does not match its name", messages, StringComparison.Ordinal);
        foreach (var other in blobs.Where(b => b.Id != blob.Id))
        {
            Assert.DoesNotContain(other.Id.ToString(), messages, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_flipped_byte_in_the_header_is_found()
    {
        var (pack, _) = await CreateAsync();
        var path = PackPath(pack);
        FlipByte(path, new FileInfo(path).Length - 10);

        var result = await CheckAsync();

        Assert.True(result.HasErrors);
        Assert.Contains(result.Problems, p => p.ToString().Contains(pack.ToString(), StringComparison.Ordinal));
    }

    public void Dispose() => _directory.Dispose();

    private async Task<(Id Pack, List<PackedBlob> Blobs)> CreateAsync()
    {
        await using var repository = await RepositoryInitializer.InitAsync(new LocalBackend(RepositoryPath), Password, 2, new KdfParameters(1024, 8, 1));
        var random = new Random(7);
        await using (var writer = new RepositoryWriter(repository, CompressionMode.Off, packSize: 64 * 1024 * 1024))
        {
            foreach (var size in Sizes)
            {
                var blob = new byte[size];
                random.NextBytes(blob);
                await writer.AddBlobAsync(BlobType.Data, Id.Hash(blob), blob);
            }

            await writer.FlushAsync();
            var pack = Assert.Single(writer.Packs);
            var blobs = await PackReader.ReadHeaderAsync(repository, pack, new FileInfo(PackPath(pack)).Length);
            return (pack, blobs.OrderBy(b => b.Offset).ToList());
        }
    }

    private async Task<CheckResult> CheckAsync()
    {
        await using var repository = await Repository.OpenAsync(new LocalBackend(RepositoryPath), Password);
        return await new Checker(repository).CheckAsync(new CheckOptions { ReadAll = true });
    }

    private string PackPath(Id pack) => Path.Combine(RepositoryPath, "data", pack.ToString()[..2], pack.ToString());

    private static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x40));
    }
}
