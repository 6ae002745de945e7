using System.Security.Cryptography;
using Lifeboat.Repository.Archiver;
using Lifeboat.Repository.Crypto;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Storage;
using Lifeboat.Storage.Local;
using Lifeboat.Testing;

namespace Lifeboat.Repository.Tests.Snapshots;

/// <summary>
/// A file of many blobs read back as a stream (how dumps are fed to pg_restore): the bytes come back
/// exactly whatever the read sizes, the next blob loads ahead; a damaged blob fails the read with the
/// integrity error; a stream closed half-way leaves nothing running.
/// </summary>
public sealed class FileContentStreamTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("file-content-stream");
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(12 * 1024 * 1024);
    private Repository _repository = null!;
    private SnapshotReader _reader = null!;

    public async Task InitializeAsync()
    {
        _repository = await RepositoryInitializer.InitAsync(new LocalBackend(_directory.Combine("repo")), "pw", kdf: new KdfParameters(1024, 8, 1));
        var summary = await new Archiver.Archiver(_repository, new BackupOptions { SnapshotPaths = ["/dump"] })
            .BackupAsync([new BackupItem.Bytes(["dump", "database.pgdump"], _content)]);
        var snapshot = (await _repository.LoadSnapshotsAsync()).Single(s => s.Id == summary.SnapshotId);
        _reader = new SnapshotReader(_repository, snapshot);
    }

    public async Task DisposeAsync()
    {
        await _repository.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Bytes_come_back_exactly_whatever_the_read_sizes()
    {
        var node = await _reader.FindAsync("/dump/database.pgdump");
        Assert.True(node!.Content!.Count >= 4, $"{node.Content.Count} blobs: too few to read ahead");

        foreach (var size in new[] { 1, 7777, 65536, 3 * 1024 * 1024 })
        {
            await using var stream = await _reader.OpenFileAsync("/dump/database.pgdump");
            using var copy = new MemoryStream();
            var buffer = new byte[size];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                copy.Write(buffer, 0, read);
                if (size == 1 && copy.Length == 100_000)
                {
                    await stream.CopyToAsync(copy); // byte by byte for a while, then the rest at once
                }
            }

            Assert.True(_content.AsSpan().SequenceEqual(copy.ToArray()), $"read size {size}");
            Assert.Equal(_content.Length, stream.Position);
        }
    }

    [Fact]
    public async Task A_damaged_blob_fails_the_read_and_a_stream_closed_half_way_leaves_nothing_running()
    {
        await using (var stream = await _reader.OpenFileAsync("/dump/database.pgdump"))
        {
            var buffer = new byte[100_000];
            Assert.Equal(buffer.Length, await stream.ReadAtLeastAsync(buffer, buffer.Length));
        }

        // Flip a byte inside the third blob.
        var node = await _reader.FindAsync("/dump/database.pgdump");
        Assert.True(_repository.Index.TryGet(BlobType.Data, node!.Content![2], out var packId, out var blob));
        var pack = _directory.Combine("repo", "data", packId.ToString()[..2], packId.ToString());
        File.SetUnixFileMode(pack, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using (var file = new FileStream(pack, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = blob.Offset + 40;
            var b = file.ReadByte();
            file.Position = blob.Offset + 40;
            file.WriteByte((byte)(b ^ 0x01));
        }

        await using var damaged = await _reader.OpenFileAsync("/dump/database.pgdump");
        var error = await Assert.ThrowsAsync<IntegrityException>(() => damaged.CopyToAsync(Stream.Null));
        Assert.Contains($"data blob {blob.Id} in pack {packId} is damaged", error.Message, StringComparison.Ordinal);
    }
}
