using System.Text.Json.Nodes;
using Lifeboat.Testing;
using Lifeboat.Testing.Trees;

namespace Lifeboat.Cli.Tests;

/// <summary>
/// Engine I through the CLI, with restic as the oracle on a repository restic wrote: restore (whole,
/// filtered, into a non-empty target), snapshots and ls JSON, dump.
/// </summary>
[Collection(ResticRepositoryFixture.Collection)]
public sealed class ResticRepositoryReadTests(ResticRepositoryFixture fixture)
{
    [Fact]
    public async Task Restore_of_restic_written_repository_is_identical_to_restic_restore()
    {
        using var target = new TempDirectory("cli-restore");

        var result = await fixture.Lifeboat.RunAsync("repo", "restore", fixture.FullSnapshot[..8], "--target", target.Path);

        Assert.True(result.ExitCode == 0, result.StandardError);
        DirectoryComparer.AssertIdentical(fixture.ResticRestore, target.Path);
    }

    [Fact]
    public async Task Snapshots_json_agrees_with_restic()
    {
        await AssertSameJsonAsync(["snapshots"]);
        await AssertSameJsonAsync(["snapshots", "--host", ResticRepositoryFixture.OtherHost]);
        await AssertSameJsonAsync(["snapshots", "--tag", "daily"]);
        await AssertSameJsonAsync(["snapshots", "--path", fixture.Tree.Root]);
    }

    [Fact]
    public async Task Ls_json_agrees_with_restic()
    {
        await AssertSameJsonAsync(["ls", fixture.TaggedSnapshot]);
        await AssertSameJsonAsync(["ls", fixture.FullSnapshot, fixture.Tree.PathOf(GeneratedTree.ModesDirectory)]);
    }

    [Fact]
    public async Task Dump_of_a_file_is_byte_identical_to_the_source()
    {
        var result = await fixture.Lifeboat.RunAsync("repo", "dump", fixture.FullSnapshot, fixture.Tree.PathOf(GeneratedTree.LargeFile));

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.True(result.StandardOutputBytes.Span.SequenceEqual(File.ReadAllBytes(fixture.Tree.PathOf(GeneratedTree.LargeFile))), "dumped bytes differ");
    }

    [Theory]
    [InlineData(GeneratedTree.ModesDirectory)]
    [InlineData(GeneratedTree.LinksDirectory)]
    [InlineData("data")]
    public async Task Dump_of_a_directory_is_the_tar_restic_writes(string directory)
    {
        var path = fixture.Tree.PathOf(directory);

        var ours = await fixture.Lifeboat.RunAsync("repo", "dump", fixture.FullSnapshot, path);
        var theirs = await fixture.Restic.RunAsync("dump", fixture.FullSnapshot, path);

        Assert.True(ours.ExitCode == 0, ours.StandardError);
        Assert.True(theirs.Succeeded, theirs.StandardError);
        Assert.Equal(TarEntries(theirs.StandardOutputBytes), TarEntries(ours.StandardOutputBytes));
    }

    // Every entry as one line: name, type, mode, size, mtime (to the second, as restic's tar has it), link
    // target, content hash. (.NET's TarReader rejects the extended headers restic writes for some names.)
    private static List<string> TarEntries(ReadOnlyMemory<byte> tar)
    {
        var entries = new List<string>();
        using var reader = new System.Formats.Tar.TarReader(new MemoryStream(tar.ToArray()));
        while (reader.GetNextEntry() is { } entry)
        {
            var hash = entry.DataStream is { } data ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data)) : "-";
            entries.Add($"{entry.Name} {entry.EntryType} {Convert.ToString((int)entry.Mode, 8)} {entry.Length} {Math.Round(entry.ModificationTime.ToUnixTimeMilliseconds() / 1000.0, MidpointRounding.AwayFromZero)} {entry.LinkName} {hash}");
        }

        return entries;
    }

    public static TheoryData<string, string> Filters => new()
    {
        { "--include", "*.txt" },
        { "--include", "{tree}/modes" },
        { "--include", "level2?" },
        { "--include", "{tree}/hardlinks/sub" },
        { "--exclude", "large.bin|small|{tree}/hardlinks/sub" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Filtered_restore_agrees_with_restic(string option, string patterns)
    {
        using var directory = new TempDirectory("cli-filter");
        var arguments = patterns.Replace("{tree}", fixture.Tree.Root, StringComparison.Ordinal).Split('|').SelectMany(p => new[] { option, p }).ToArray();

        await fixture.Restic.RestoreAsync(fixture.FullSnapshot, directory.Combine("restic"), arguments);
        var result = await fixture.Lifeboat.RunAsync(["repo", "restore", fixture.FullSnapshot, "--target", directory.Combine("lifeboat"), .. arguments], ProcessOptions.Default);

        Assert.True(result.ExitCode == 0, result.StandardError);
        DirectoryComparer.AssertIdentical(directory.Combine("restic"), directory.Combine("lifeboat"));
    }

    [Fact]
    public async Task Restore_into_a_non_empty_target_replaces_only_the_snapshot_paths()
    {
        using var target = new TempDirectory("cli-nonempty");
        var treeInTarget = target.Path + fixture.Tree.Root;
        var unrelatedTop = target.WriteFile("unrelated.txt", "not in the snapshot\n");
        var unrelatedInside = target.WriteFile($"{fixture.Tree.Root.TrimStart('/')}/data/unrelated.txt", "not in the snapshot either\n");
        var stale = target.WriteFile($"{fixture.Tree.Root.TrimStart('/')}/{GeneratedTree.TextFile}", "an older version\n");
        File.SetUnixFileMode(stale, UnixFileMode.UserRead);
        using var outside = new TempDirectory("cli-outside");
        var victim = outside.WriteFile("victim.txt", "must stay as it is\n");
        var symlinked = Path.Combine(treeInTarget, GeneratedTree.LargeFile);
        File.CreateSymbolicLink(symlinked, victim);
        var unrelatedBefore = DirectoryComparer.Capture(outside.Path);

        var result = await fixture.Lifeboat.RunAsync("repo", "restore", fixture.FullSnapshot, "--target", target.Path);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("not in the snapshot\n", File.ReadAllText(unrelatedTop));
        Assert.Equal("not in the snapshot either\n", File.ReadAllText(unrelatedInside));
        DirectoryComparer.AssertIdentical(unrelatedBefore, outside.Path);
        DirectoryComparer.AssertIdentical(fixture.ResticRestore, target.Path, new CompareOptions
        {
            Ignore = p => p is "unrelated.txt" || p.EndsWith("/data/unrelated.txt", StringComparison.Ordinal),
        });
    }

    private async Task AssertSameJsonAsync(string[] arguments)
    {
        var restic = await fixture.Restic.RunCheckedAsync([.. arguments, "--json"]);
        var lifeboat = await fixture.Lifeboat.RunAsync(["repo", .. arguments, "--json"], ProcessOptions.Default);

        Assert.True(lifeboat.ExitCode == 0, lifeboat.StandardError);
        JsonAssert.EqualLines(JsonAssert.ParseLines(restic.StandardOutput), JsonAssert.ParseLines(lifeboat.StandardOutput), string.Join(' ', arguments));
    }
}
