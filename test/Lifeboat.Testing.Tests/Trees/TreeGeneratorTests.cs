using Lifeboat.Testing.Trees;

namespace Lifeboat.Testing.Tests.Trees;

public sealed class TreeGeneratorTests
{
    private static readonly TreeOptions Small = new() { SmallFiles = 50, LargeFileBytes = 3_000_000, TextFileBytes = 200_000 };

    [Fact]
    public void Two_trees_from_one_seed_are_identical_and_another_seed_differs()
    {
        using var directory = new TempDirectory("trees");
        var first = TreeGenerator.Create(directory.Combine("first"), Small);
        var second = TreeGenerator.Create(directory.Combine("second"), Small);
        var other = TreeGenerator.Create(directory.Combine("other"), Small with { Seed = 2 });

        // Symlinks that point into the tree name its root, the one thing that differs.
        DirectoryComparer.AssertIdentical(first.Root, second.Root, new CompareOptions { CompareRoot = true, Ignore = p => p == "links/absolute-inside" });
        Assert.NotEmpty(DirectoryComparer.Compare(DirectoryComparer.Capture(first.Root), DirectoryComparer.Capture(other.Root)));
    }

    [Fact]
    public void The_tree_holds_every_edge_case()
    {
        using var directory = new TempDirectory("trees");
        var tree = TreeGenerator.Create(directory.Path, Small);
        var entries = DirectoryComparer.Capture(tree.Root).ToDictionary(e => e.Path);

        Assert.Equal(3_000_000, entries[GeneratedTree.LargeFile].Size);
        Assert.Equal(0, entries[GeneratedTree.EmptyFile].Size);
        Assert.Equal("fifo", entries[GeneratedTree.Fifo].Type);
        Assert.Equal("dir", entries["empty"].Type);
        Assert.Contains("names/new\nline.txt", entries.Keys);
        Assert.Contains(entries.Values, e => e.Path.EndsWith("level30/bottom.txt", StringComparison.Ordinal) && e.Depth == 32);
        Assert.Equal("../no/such/file", entries["links/dangling"].LinkTarget);
        Assert.Equal(Convert.ToUInt32("4755", 8), entries["modes/setuid"].Permissions);
        Assert.Equal(Convert.ToUInt32("2775", 8), entries["modes/setgid-dir"].Permissions);
        Assert.Equal(Convert.ToUInt32("1777", 8), entries["modes/sticky-dir"].Permissions);
        Assert.Equal("1990-06-15T12:34:56.000000000Z", TreeEntry.FormatTime(entries["times/1990.txt"].ModifyTime));
        Assert.Equal("2021-03-04T05:06:07.123456789Z", TreeEntry.FormatTime(entries["times/sub-second.txt"].ModifyTime));
        Assert.Equal("1999-09-09T09:09:09.900000001Z", TreeEntry.FormatTime(entries["times/1999-link"].ModifyTime));
        Assert.Equal("hardlinks/sub/triple-2 = hardlinks/sub/triple-3 = hardlinks/triple-1", entries["hardlinks/triple-1"].HardLinkGroup);
        Assert.Equal("hardlinks/pair-a = hardlinks/pair-b", entries["hardlinks/pair-b"].HardLinkGroup);
        Assert.Equal(Small.SmallFiles, entries.Keys.Count(p => p.StartsWith("small/", StringComparison.Ordinal) && p.EndsWith(".dat", StringComparison.Ordinal)));
        if (UnixUser.IsRoot)
        {
            Assert.Equal((1234u, 2345u), (entries["owners/uid1234.txt"].Uid, entries["owners/uid1234.txt"].Gid));
            Assert.Equal(4321u, entries["owners/link-4321"].Uid);
        }
    }

    [Fact]
    public void Comparer_reports_content_mode_time_link_and_missing_entries()
    {
        using var directory = new TempDirectory("trees");
        var tree = TreeGenerator.Create(directory.Path, Small);
        var before = DirectoryComparer.Capture(tree.Root);

        var changes = TreeGenerator.Modify(tree, seed: 7);
        File.SetUnixFileMode(tree.PathOf("modes/0600.txt"), UnixFileMode.UserRead);
        File.Delete(tree.PathOf("hardlinks/pair-b"));
        File.Copy(tree.PathOf("hardlinks/pair-a"), tree.PathOf("hardlinks/pair-b"));

        var differences = DirectoryComparer.Compare(before, DirectoryComparer.Capture(tree.Root), new CompareOptions { IgnoreDirectoryTimesAboveDepth = 99 });

        Assert.Contains(differences, d => d.StartsWith($"{changes.Changed}: content", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith($"{changes.Added}: unexpected", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith($"{changes.Deleted}: missing", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith("modes/0600.txt: mode 0600 != 0400", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith("hardlinks/pair-b:", StringComparison.Ordinal) && d.Contains("hard links", StringComparison.Ordinal));
        string[] touched = [changes.Changed, "added", changes.Added, changes.Deleted, "modes/0600.txt", "hardlinks/pair-a", "hardlinks/pair-b"];
        Assert.All(differences, d => Assert.Contains(d[..d.IndexOf(':', StringComparison.Ordinal)], touched));
    }
}
