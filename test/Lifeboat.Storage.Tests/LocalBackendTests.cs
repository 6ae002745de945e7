using System.Security.Cryptography;
using Lifeboat.Storage;
using Lifeboat.Storage.Local;

namespace Lifeboat.Storage.Tests;

public sealed class LocalBackendTests : BackendConformanceTests, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "lifeboat-local-" + Guid.NewGuid().ToString("N"));

    protected override Task<IBackend> CreateBackendAsync() => Task.FromResult<IBackend>(new LocalBackend(_path));

    public void Dispose()
    {
        if (Directory.Exists(_path))
        {
            Directory.Delete(_path, recursive: true);
        }
    }

    [Fact]
    public async Task Layout_is_restics_default_with_packs_under_a_two_digit_prefix()
    {
        var (file, data) = NewFile(FileType.Pack, 10);

        await Backend.SaveAsync(file, data);

        foreach (var dir in new[] { "keys", "snapshots", "index", "locks", "data/00", "data/ff" })
        {
            Assert.True(Directory.Exists(Path.Combine(_path, dir)), dir);
        }

        Assert.True(File.Exists(Path.Combine(_path, "data", file.Name[..2], file.Name)));
    }

    [Fact]
    public async Task Saved_files_are_read_only_and_no_temporary_file_remains()
    {
        var (file, data) = NewFile(FileType.Snapshot, 10);

        await Backend.SaveAsync(file, data);

        var mode = File.GetUnixFileMode(Path.Combine(_path, "snapshots", file.Name));
        Assert.Equal(UnixFileMode.UserRead, mode);
        Assert.Empty(Directory.GetFiles(Path.Combine(_path, "tmp")));
    }

    [Fact]
    public async Task Staged_pack_is_written_to_tmp_as_it_grows_and_leaves_no_temporary_file()
    {
        var (file, data) = NewFile(FileType.Pack, 256 * 1024);
        var tmp = Path.Combine(_path, "tmp");

        await using (var staged = Backend.CreateStagedFile(FileType.Pack))
        {
            staged.Write(data);
            var temporary = Assert.Single(Directory.GetFiles(tmp));
            Assert.True(new FileInfo(temporary).Length >= 128 * 1024, "the bytes are on disk, not held in memory");
            await staged.CommitAsync(file);
        }

        Assert.Empty(Directory.GetFiles(tmp));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(_path, "data", file.Name[..2], file.Name)));

        await using (var discarded = Backend.CreateStagedFile(FileType.Pack))
        {
            discarded.Write(data);
        }

        Assert.Empty(Directory.GetFiles(tmp));
    }

    [Fact]
    public async Task Files_that_are_not_repository_files_are_not_listed()
    {
        await File.WriteAllTextAsync(Path.Combine(_path, "snapshots", "README"), "not a snapshot");
        await File.WriteAllTextAsync(Path.Combine(_path, "data", "ab", "partial.tmp"), "junk");

        Assert.Empty(await Backend.ListAsync(FileType.Snapshot).ToListAsync());
        Assert.Empty(await Backend.ListAsync(FileType.Pack).ToListAsync());
    }

    [Fact]
    public async Task Listing_a_repository_that_does_not_exist_fails_instead_of_looking_empty()
    {
        var backend = new LocalBackend(Path.Combine(_path, "no-such-repository"));

        await Assert.ThrowsAnyAsync<StorageException>(async () => await backend.ListAsync(FileType.Snapshot).ToListAsync());
    }

    [Fact]
    public async Task A_missing_type_directory_lists_as_empty_as_in_restic()
    {
        Directory.Delete(Path.Combine(_path, "index"), recursive: true);

        Assert.Empty(await Backend.ListAsync(FileType.Index).ToListAsync());
    }

    [Fact]
    public async Task Unwritable_repository_gives_a_storage_error_and_leaves_no_file()
    {
        if (Environment.UserName == "root")
        {
            // root ignores permission bits; simulate an unwritable repository with a file where a directory must be.
            Directory.Delete(Path.Combine(_path, "index"));
            await File.WriteAllTextAsync(Path.Combine(_path, "index"), "blocker");
        }
        else
        {
            File.SetUnixFileMode(Path.Combine(_path, "index"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        var data = RandomNumberGenerator.GetBytes(100);
        var file = new BackendFile(FileType.Index, Convert.ToHexStringLower(SHA256.HashData(data)));

        var error = await Assert.ThrowsAnyAsync<StorageException>(() => Backend.SaveAsync(file, data));
        Assert.Contains(_path, error.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(_path, "tmp")));
    }

    [Fact]
    public void Registry_picks_the_local_backend_for_plain_paths_and_the_local_scheme()
    {
        var registry = BackendRegistry.CreateDefault();

        Assert.IsType<LocalBackend>(registry.Open("/srv/backup"));
        Assert.Equal("local:/srv/backup", registry.Open("local:/srv/backup").Location);
        Assert.Throws<ConfigurationException>(() => registry.Open("ftp:example.org/x"));
        Assert.Throws<ConfigurationException>(() => registry.Open(""));
    }
}
