using Lifeboat.Manifest;
using Lifeboat.Sources.FileSystem;
using Lifeboat.Sources.Files;
using Lifeboat.Testing;

namespace Lifeboat.Sources.Tests.Files;

/// <summary>
/// What restores that did not finish leave beside a path, as the files source sees it: staging copies
/// (being written, or a rolled-back restore's data) are removed only when asked; previous content,
/// companions included, is reported and never removed; names that merely look alike are not touched.
/// </summary>
public sealed class SiblingPathSweepTests
{
    [Fact]
    public async Task Staging_copies_are_removed_set_aside_copies_kept_and_lookalikes_left_alone()
    {
        using var directory = new TempDirectory("sibling-sweep");
        var uploads = directory.CreateDirectory("uploads");
        File.WriteAllText(Path.Combine(uploads, "a.txt"), "live");
        var restoring = directory.CreateDirectory(".uploads.lifeboat-restore-0a1b2c3d");
        File.WriteAllText(Path.Combine(restoring, "half.bin"), "partial");
        var failed = directory.CreateDirectory(".uploads.lifeboat-failed-00ff00ff");
        var previous = directory.CreateDirectory(".uploads.lifeboat-previous-12345678");
        File.WriteAllText(Path.Combine(previous, "a.txt"), "the state before");
        string[] lookalikes =
        [
            directory.WriteFile(".uploads.lifeboat-probe-0a1b2c3d", ""),                 // not a restore's name
            directory.WriteFile(".uploads.lifeboat-restore-XYZ", ""),                    // not an id
            directory.WriteFile(".uploads2.lifeboat-restore-0a1b2c3d", ""),              // another path's
            directory.WriteFile(".uploads.lifeboat-restore-0a1b2c3d.keep", ""),          // not a companion suffix
        ];
        var source = new FilesSource(new FilesSourceConfig { Name = "uploads", Path = uploads });

        var found = await source.SweepRestoreLeftoversAsync(null, removeStaging: false);

        Assert.Equal([failed, restoring], found.Staging);
        Assert.Equal([previous], found.SetAside);
        Assert.True(Directory.Exists(restoring));

        var removed = await source.SweepRestoreLeftoversAsync(null, removeStaging: true);

        Assert.Equal(found.Staging, removed.Staging);
        Assert.Equal(found.SetAside, removed.SetAside);
        Assert.False(Directory.Exists(restoring));
        Assert.False(Directory.Exists(failed));
        Assert.Equal("the state before", File.ReadAllText(Path.Combine(previous, "a.txt")));
        Assert.Equal("live", File.ReadAllText(Path.Combine(uploads, "a.txt")));
        Assert.All(lookalikes, path => Assert.True(File.Exists(path), path));
    }

    [Fact]
    public void Companions_of_a_database_file_belong_to_their_role()
    {
        using var directory = new TempDirectory("sibling-sweep-companions");
        var database = Path.Combine(directory.Path, "wiki.db");
        File.WriteAllText(database, "live");
        var previous = directory.WriteFile(".wiki.db.lifeboat-previous-0a1b2c3d", "old");
        var previousWal = directory.WriteFile(".wiki.db.lifeboat-previous-0a1b2c3d-wal", "old wal");
        var staged = directory.WriteFile(".wiki.db.lifeboat-restore-0a1b2c3d", "new");
        var stagedShm = directory.WriteFile(".wiki.db.lifeboat-restore-0a1b2c3d-shm", "new shm");

        var found = SiblingPath.Sweep([database], removeStaging: true);

        Assert.Equal([staged, stagedShm], found.Staging);
        Assert.Equal([previous, previousWal], found.SetAside);
        Assert.False(File.Exists(staged));
        Assert.False(File.Exists(stagedShm));
        Assert.True(File.Exists(previous) && File.Exists(previousWal));
    }

    [Fact]
    public void A_path_in_a_directory_that_does_not_exist_has_no_leftovers() =>
        Assert.True(SiblingPath.Sweep(["/nonexistent-lifeboat-dir/uploads"], removeStaging: true).IsEmpty);
}
