using System.Security.Cryptography;
using Lifeboat.Storage;

namespace Lifeboat.Storage.Tests;

/// <summary>
/// The contract every backend keeps. A backend's test class derives from this and only says how to
/// create a fresh, empty repository location.
/// </summary>
public abstract class BackendConformanceTests : IAsyncLifetime
{
    private IBackend? _backend;

    protected IBackend Backend => _backend ?? throw new InvalidOperationException("not initialised");

    /// <summary>Creates a backend on a fresh, empty location.</summary>
    protected abstract Task<IBackend> CreateBackendAsync();

    public async Task InitializeAsync()
    {
        _backend = await CreateBackendAsync();
        await _backend.CreateLayoutAsync();
    }

    public async Task DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }

    protected static (BackendFile File, byte[] Data) NewFile(FileType type, int size)
    {
        var data = RandomNumberGenerator.GetBytes(size);
        var name = type == FileType.Config ? "config" : Convert.ToHexStringLower(SHA256.HashData(data));
        return (new BackendFile(type, name), data);
    }

    [Theory]
    [InlineData(FileType.Config)]
    [InlineData(FileType.Key)]
    [InlineData(FileType.Snapshot)]
    [InlineData(FileType.Index)]
    [InlineData(FileType.Pack)]
    [InlineData(FileType.Lock)]
    public async Task Saved_file_loads_back_identical_and_is_listed_with_its_size(FileType type)
    {
        var (file, data) = NewFile(type, 1234);

        await Backend.SaveAsync(file, data);

        Assert.Equal(data, await Backend.LoadAsync(file));
        Assert.Equal(data.Length, await Backend.StatAsync(file));
        var listed = await Backend.ListAsync(type).ToListAsync();
        var info = Assert.Single(listed);
        Assert.Equal(file.Name, info.Name);
        Assert.Equal(data.Length, info.Size);
        if (info.Modified is { } modified)
        {
            Assert.InRange(modified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        }
    }

    [Fact]
    public async Task Listing_returns_only_files_of_the_requested_type()
    {
        var packs = Enumerable.Range(0, 20).Select(_ => NewFile(FileType.Pack, 100)).ToList();
        var (snapshot, snapshotData) = NewFile(FileType.Snapshot, 50);
        foreach (var (file, data) in packs)
        {
            await Backend.SaveAsync(file, data);
        }

        await Backend.SaveAsync(snapshot, snapshotData);

        var listed = await Backend.ListAsync(FileType.Pack).Select(f => f.Name).ToListAsync();
        Assert.Equal(packs.Select(p => p.File.Name).Order(), listed.Order());
        Assert.Empty(await Backend.ListAsync(FileType.Index).ToListAsync());
    }

    [Fact]
    public async Task Range_read_returns_exactly_the_requested_bytes()
    {
        var (file, data) = NewFile(FileType.Pack, 100_000);
        await Backend.SaveAsync(file, data);

        var buffer = new byte[5000];
        await Backend.ReadAtAsync(file, 12_345, buffer);
        Assert.Equal(data.AsSpan(12_345, 5000).ToArray(), buffer);

        var tail = new byte[10];
        await Backend.ReadAtAsync(file, data.Length - 10, tail);
        Assert.Equal(data[^10..], tail);
    }

    [Fact]
    public async Task Range_read_past_the_end_fails()
    {
        var (file, data) = NewFile(FileType.Pack, 1000);
        await Backend.SaveAsync(file, data);

        await Assert.ThrowsAnyAsync<StorageException>(() => Backend.ReadAtAsync(file, 990, new byte[20]));
    }

    [Fact]
    public async Task Missing_file_is_reported_as_not_found()
    {
        var (file, _) = NewFile(FileType.Snapshot, 10);

        var load = await Assert.ThrowsAsync<NotFoundException>(() => Backend.LoadAsync(file));
        Assert.Equal(file, load.File);
        await Assert.ThrowsAsync<NotFoundException>(() => Backend.StatAsync(file));
        await Assert.ThrowsAsync<NotFoundException>(() => Backend.ReadAtAsync(file, 0, new byte[1]));
    }

    [Fact]
    public async Task Saving_the_same_content_twice_succeeds_but_different_content_fails()
    {
        var (file, data) = NewFile(FileType.Index, 300);
        await Backend.SaveAsync(file, data);
        await Backend.SaveAsync(file, data);

        var other = RandomNumberGenerator.GetBytes(300);
        await Assert.ThrowsAnyAsync<StorageException>(() => Backend.SaveAsync(file, other));
        Assert.Equal(data, await Backend.LoadAsync(file));
    }

    [Fact]
    public async Task Removed_file_is_gone_and_removing_again_is_not_an_error()
    {
        var (file, data) = NewFile(FileType.Lock, 64);
        await Backend.SaveAsync(file, data);

        await Backend.RemoveAsync(file);
        await Backend.RemoveAsync(file);

        await Assert.ThrowsAsync<NotFoundException>(() => Backend.LoadAsync(file));
        Assert.Empty(await Backend.ListAsync(FileType.Lock).ToListAsync());
    }

    [Fact]
    public async Task Concurrent_saves_and_loads_all_succeed()
    {
        var files = Enumerable.Range(0, 64).Select(i => NewFile(FileType.Pack, 1000 + (i * 777))).ToList();

        await Parallel.ForEachAsync(files, async (f, ct) => await Backend.SaveAsync(f.File, f.Data, ct));
        await Parallel.ForEachAsync(files, async (f, ct) => Assert.Equal(f.Data, await Backend.LoadAsync(f.File, ct)));

        Assert.Equal(files.Count, await Backend.ListAsync(FileType.Pack).CountAsync());
    }

    [Fact]
    public async Task Large_file_round_trips()
    {
        var (file, data) = NewFile(FileType.Pack, 20 * 1024 * 1024);

        await Backend.SaveAsync(file, data);

        Assert.Equal(data, await Backend.LoadAsync(file));
    }

    [Fact]
    public async Task Staged_file_written_in_pieces_appears_only_on_commit_with_its_whole_content()
    {
        var (file, data) = NewFile(FileType.Pack, 3 * 1024 * 1024 + 17);
        await using var staged = Backend.CreateStagedFile(FileType.Pack);
        for (var offset = 0; offset < data.Length; offset += 700_001)
        {
            staged.Write(data.AsSpan(offset, Math.Min(700_001, data.Length - offset)));
        }

        Assert.Equal(data.Length, staged.Length);
        Assert.Empty(await Backend.ListAsync(FileType.Pack).ToListAsync());

        await staged.CommitAsync(file);

        Assert.Equal(data, await Backend.LoadAsync(file));
        Assert.Equal(file.Name, Assert.Single(await Backend.ListAsync(FileType.Pack).ToListAsync()).Name);
    }

    [Fact]
    public async Task Discarded_staged_file_leaves_nothing_in_the_repository()
    {
        var (_, data) = NewFile(FileType.Pack, 5000);
        await using (var staged = Backend.CreateStagedFile(FileType.Pack))
        {
            staged.Write(data);
        }

        Assert.Empty(await Backend.ListAsync(FileType.Pack).ToListAsync());
    }

    [Fact]
    public async Task Committing_a_staged_file_over_the_same_content_succeeds_but_over_other_content_fails()
    {
        var (file, data) = NewFile(FileType.Pack, 4000);
        await Backend.SaveAsync(file, data);

        await using (var same = Backend.CreateStagedFile(FileType.Pack))
        {
            same.Write(data);
            await same.CommitAsync(file);
        }

        await using (var other = Backend.CreateStagedFile(FileType.Pack))
        {
            other.Write(RandomNumberGenerator.GetBytes(4000));
            await Assert.ThrowsAnyAsync<StorageException>(() => other.CommitAsync(file));
        }

        Assert.Equal(data, await Backend.LoadAsync(file));
    }
}
