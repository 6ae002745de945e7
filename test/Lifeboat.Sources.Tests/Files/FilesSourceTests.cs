using Lifeboat.Manifest;
using Lifeboat.Sources.Files;
using Lifeboat.Sources.Tests.Conformance;
using Lifeboat.Testing;

namespace Lifeboat.Sources.Tests.Files;

/// <summary>What only the files source does: exclude globs relative to its path, a single file.</summary>
public sealed class FilesSourceTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("filessource");
    private SnapshotHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await SnapshotHarness.CreateAsync(_temp.Path);

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Excluded_temporary_and_in_progress_directories_stay_out_of_the_snapshot()
    {
        foreach (var file in new[]
        {
            "data/keep.txt", "data/tmp/upload.part", "data/sub/tmp/kept-because-not-at-the-root.txt", "data/server.log",
            "data/sub/deeper/debug.log", "data/.uploads/chunk-1", "data/avatars/a.png",
        })
        {
            _temp.WriteFile(file, file);
        }

        var source = new FilesSource(new FilesSourceConfig { Name = "files", Path = _temp.Combine("data"), Exclude = ["tmp/**", "*.log", ".uploads/**"] });
        var snapshot = await _harness.CaptureAsync(source);
        await using var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, _harness.ScratchTarget()));

        var restored = Directory.EnumerateFiles(restore.Location.Path!, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(restore.Location.Path!, p))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["avatars/a.png", "keep.txt", "sub/tmp/kept-because-not-at-the-root.txt"], restored);
        Assert.Equal(["tmp/**", "*.log", ".uploads/**"], snapshot.Description["exclude"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Excluded_paths_stay_as_they_are_through_an_in_place_restore_and_come_back_with_a_rollback()
    {
        foreach (var file in new[] { "data/keep.txt", "data/tmp/upload.part", "data/server.log", "data/sub/deeper/debug.log", "data/.uploads/chunk-1" })
        {
            _temp.WriteFile(file, "at the backup: " + file);
        }

        var data = _temp.Combine("data");
        var source = new FilesSource(new FilesSourceConfig { Name = "files", Path = data, Exclude = ["tmp/**", "*.log", ".uploads/**"] });
        var snapshot = await _harness.CaptureAsync(source);
        // Since the backup: a kept file changed, excluded ones changed or appeared, one in a directory the snapshot lacks.
        File.WriteAllText(Path.Combine(data, "keep.txt"), "changed");
        File.WriteAllText(Path.Combine(data, "tmp/upload.part"), "in progress now");
        _temp.WriteFile("data/tmp/second.part", "another upload");
        File.WriteAllText(Path.Combine(data, "server.log"), "the log now");
        _temp.WriteFile("data/new-dir/trace.log", "below a directory the snapshot lacks");
        var beforeRestore = TreeFingerprint.Of(data);
        string[] excluded = ["tmp/upload.part", "tmp/second.part", "server.log", "sub/deeper/debug.log", ".uploads/chunk-1"];
        var excludedNow = excluded.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(data, f)));

        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            Assert.Equal("at the backup: data/keep.txt", File.ReadAllText(Path.Combine(data, "keep.txt")));
            Assert.All(excluded, f => Assert.Equal(excludedNow[f], File.ReadAllText(Path.Combine(data, f))));
            Assert.False(Directory.Exists(Path.Combine(data, "new-dir")));
            await restore.RollbackAsync();
        }

        Assert.Equal(beforeRestore, TreeFingerprint.Of(data));

        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            await restore.CommitAsync();
        }

        Assert.Equal("at the backup: data/keep.txt", File.ReadAllText(Path.Combine(data, "keep.txt")));
        Assert.All(excluded, f => Assert.Equal(excludedNow[f], File.ReadAllText(Path.Combine(data, f))));
        Assert.Empty(TreeFingerprint.LifeboatSiblings(data));
    }

    [Fact]
    public async Task A_staged_restore_is_written_beside_the_live_directory_which_changes_only_when_it_is_applied()
    {
        foreach (var file in new[] { "data/keep.txt", "data/a/b.txt", "data/tmp/upload.part" })
        {
            _temp.WriteFile(file, "at the backup: " + file);
        }

        var data = _temp.Combine("data");
        var source = new FilesSource(new FilesSourceConfig { Name = "files", Path = data, Exclude = ["tmp/**"] });
        var snapshot = await _harness.CaptureAsync(source);
        File.WriteAllText(Path.Combine(data, "keep.txt"), "changed");
        File.WriteAllText(Path.Combine(data, "tmp/upload.part"), "in progress now");
        var live = TreeFingerprint.Of(data);

        // Staged, then dropped unapplied: the live directory never changed and the copy is gone.
        await using (var staged = await source.StageAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            Assert.Equal(live, TreeFingerprint.Of(data));
            Assert.Single(TreeFingerprint.LifeboatSiblings(data));
        }

        Assert.Equal(live, TreeFingerprint.Of(data));
        Assert.Empty(TreeFingerprint.LifeboatSiblings(data));

        // Staged, the live directory changes meanwhile, then applied: the snapshot's content, with the
        // excluded paths as they are when it is applied.
        await using (var staged = await source.StageAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            File.WriteAllText(Path.Combine(data, "tmp/upload.part"), "written while the restore was staged");
            await using var restore = await staged.ApplyAsync();
            await Assert.ThrowsAsync<InvalidOperationException>(() => staged.ApplyAsync());
            await restore.CommitAsync();
        }

        Assert.Equal("at the backup: data/keep.txt", File.ReadAllText(Path.Combine(data, "keep.txt")));
        Assert.Equal("at the backup: data/a/b.txt", File.ReadAllText(Path.Combine(data, "a/b.txt")));
        Assert.Equal("written while the restore was staged", File.ReadAllText(Path.Combine(data, "tmp/upload.part")));
        Assert.Empty(TreeFingerprint.LifeboatSiblings(data));
    }

    [Fact]
    public async Task A_single_file_is_restored_in_place_with_its_mode()
    {
        var path = _temp.WriteFile("etc/app/config.toml", "key = \"value\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var source = new FilesSource(new FilesSourceConfig { Name = "config", Path = path });
        var snapshot = await _harness.CaptureAsync(source);
        Assert.Equal("file", snapshot.Description["layout"]!.GetValue<string>());
        await File.WriteAllTextAsync(path, "broken");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            await restore.CommitAsync();
        }

        Assert.Equal("key = \"value\"\n", await File.ReadAllTextAsync(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Empty(TreeFingerprint.LifeboatSiblings(path));
    }

    [Fact]
    public async Task A_directory_removed_entirely_is_restored_in_place_and_a_rollback_removes_it_again()
    {
        _temp.WriteFile("srv/files/a.txt", "a");
        var source = new FilesSource(new FilesSourceConfig { Name = "files", Path = _temp.Combine("srv/files") });
        var snapshot = await _harness.CaptureAsync(source);
        Directory.Delete(_temp.Combine("srv/files"), recursive: true);

        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            Assert.Equal("a", await File.ReadAllTextAsync(_temp.Combine("srv/files/a.txt")));
            await restore.RollbackAsync();
        }

        Assert.False(Directory.Exists(_temp.Combine("srv/files")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Combine("srv")));
    }
}
