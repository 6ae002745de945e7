using System.Runtime.Versioning;
using Lifeboat.Testing;

namespace Lifeboat.Testing.Tests;

[SupportedOSPlatform("linux")]
public sealed class TempDirectoryTests
{
    [Fact]
    public void A_fresh_empty_directory_with_a_recognisable_name_is_created_under_the_temp_directory()
    {
        using var first = new TempDirectory("probe");
        using var second = new TempDirectory("probe");

        Assert.True(Directory.Exists(first.Path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(first.Path));
        Assert.Equal(Path.GetFullPath(Path.GetTempPath()), Path.GetDirectoryName(first.Path) + "/");
        Assert.StartsWith("lifeboat-probe-", Path.GetFileName(first.Path), StringComparison.Ordinal);
        Assert.NotEqual(first.Path, second.Path);
        Assert.Equal(Path.Combine(first.Path, "a", "b.txt"), first.Combine("a", "b.txt"));
    }

    [Fact]
    public void Dispose_removes_read_only_files_and_directories()
    {
        var directory = new TempDirectory();
        var file = directory.WriteFile("deep/er/file.txt", "x");
        File.WriteAllText(directory.Combine("top.txt"), "y");
        File.CreateSymbolicLink(directory.Combine("link"), "/etc/hostname");
        File.SetUnixFileMode(file, UnixFileMode.UserRead);
        File.SetUnixFileMode(directory.Combine("deep", "er"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        File.SetUnixFileMode(directory.Combine("deep"), UnixFileMode.None);
        File.SetUnixFileMode(directory.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        directory.Dispose();

        Assert.False(Directory.Exists(directory.Path));
        Assert.True(File.Exists("/etc/hostname") || !File.Exists(directory.Combine("link")));
    }

    [Fact]
    public void Dispose_removes_content_owned_by_another_user()
    {
        var directory = new TempDirectory();
        directory.WriteFile("theirs/data/file", "z");
        if (UnixUser.IsRoot)
        {
            // What a server fixture leaves: a tree owned by its service user, locked to that user.
            var nobody = UnixUser.Get("nobody");
            nobody.TakeOwnership(directory.Combine("theirs"));
            File.SetUnixFileMode(directory.Combine("theirs", "data"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
            Assert.Equal(nobody.Uid, Owner(directory.Combine("theirs", "data", "file")));
        }

        directory.Dispose();

        Assert.False(Directory.Exists(directory.Path));
    }

    [Fact]
    public void Dispose_is_idempotent_and_tolerates_a_directory_already_gone()
    {
        var directory = new TempDirectory();
        Directory.Delete(directory.Path);

        directory.Dispose();
        directory.Dispose();

        Assert.False(Directory.Exists(directory.Path));
    }

    private static uint Owner(string path)
    {
        var result = ProcessRunner.RunAsync("stat", ["-c", "%u", path]).GetAwaiter().GetResult().EnsureSuccess();
        return uint.Parse(result.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
