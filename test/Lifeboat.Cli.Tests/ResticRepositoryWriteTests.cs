using System.Text.Json.Nodes;
using Lifeboat.Testing;
using Lifeboat.Testing.Trees;

namespace Lifeboat.Cli.Tests;

/// <summary>Lifeboat backing up into a repository restic wrote: it finds restic's chunks and adds none of its own.</summary>
[Collection(ResticRepositoryFixture.Collection)]
public sealed class ResticRepositoryWriteTests(ResticRepositoryFixture fixture)
{
    [Fact]
    public async Task Backup_into_a_restic_repository_of_the_same_tree_adds_no_data_blobs()
    {
        using var directory = new TempDirectory("cli-into-restic");
        var copy = await fixture.CopyRepository(directory);
        using var restic = new ResticCli(copy, ResticRepositoryFixture.Password);

        // --force: read every file instead of trusting restic's snapshot as the parent.
        var summary = await new LifeboatCli(copy, ResticRepositoryFixture.Password).BackupAsync("--force", fixture.Tree.Root);

        Assert.Equal(0, summary.GetProperty("data_blobs").GetInt64());
        var everyName = DirectoryComparer.Capture(fixture.Tree.Root).Where(e => e.Type == "file").Sum(e => e.Size); // hard links are read once per name, as restic does
        Assert.Equal(everyName, summary.GetProperty("bytes_read").GetInt64());
        var check = await restic.RunAsync("check");
        Assert.True(check.ExitCode == 0, check.StandardOutput + check.StandardError);
    }

    [Fact]
    public async Task Backup_of_several_paths_with_excludes_makes_the_tree_restic_makes()
    {
        var tree = fixture.Tree;
        await AssertSameTreeAsync(
            [
                "--exclude", "*.bin", "--exclude", "duplicates", "--exclude", $"{tree.Root}/links/dangling",
                tree.PathOf("data"), tree.PathOf(GeneratedTree.TimesDirectory), tree.PathOf(GeneratedTree.LinksDirectory),
                tree.PathOf("modes/0751.sh"), tree.PathOf("names/dir with space"),
            ],
            workingDirectory: null);
    }

    [Fact]
    public async Task Backup_of_relative_paths_makes_the_tree_restic_makes()
    {
        await AssertSameTreeAsync(["--exclude", "*.bin", "data", "./times", "links/../modes"], workingDirectory: fixture.Tree.Root);
        await AssertSameTreeAsync(["--exclude", "small", "--exclude", "*.bin", "."], workingDirectory: fixture.Tree.Root);
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("Asia/Kolkata")]
    public async Task Backup_in_another_time_zone_records_the_times_restic_records(string timeZone)
    {
        var tree = fixture.Tree;
        await AssertSameTreeAsync([tree.PathOf(GeneratedTree.TimesDirectory), tree.PathOf("modes")], workingDirectory: null, timeZone);
    }

    private async Task AssertSameTreeAsync(string[] arguments, string? workingDirectory, string? timeZone = null)
    {
        using var directory = new TempDirectory("cli-paths");
        var copy = await fixture.CopyRepository(directory);
        using var restic = new ResticCli(copy, ResticRepositoryFixture.Password);
        var options = new ProcessOptions
        {
            WorkingDirectory = workingDirectory,
            Environment = new Dictionary<string, string?> { ["TZ"] = timeZone },
        };

        var resticBackup = await restic.RunAsync(["backup", "--json", .. arguments], options);
        var theirs = LifeboatCli.Summary(resticBackup.EnsureSuccess().StandardOutput)!.Value.GetProperty("snapshot_id").GetString()!;
        var lifeboatBackup = await new LifeboatCli(copy, ResticRepositoryFixture.Password).RunAsync(["repo", "backup", "--json", .. arguments], options);
        var ours = LifeboatCli.Summary(lifeboatBackup.EnsureSuccess().StandardOutput)!.Value.GetProperty("snapshot_id").GetString()!;

        var expected = JsonAssert.ParseLines((await restic.RunCheckedAsync("ls", "--json", theirs)).StandardOutput);
        var actual = JsonAssert.ParseLines((await restic.RunCheckedAsync("ls", "--json", ours)).StandardOutput);
        foreach (var key in new[] { "paths", "excludes" })
        {
            JsonAssert.Equal(expected[0]![key], actual[0]![key], key);
        }

        // Reading a file may change its atime between the two backups, and other tests change the
        // system's temporary directory; everything else must agree.
        JsonAssert.EqualLines(Comparable(expected.Skip(1)), Comparable(actual.Skip(1)), "restic ls of both snapshots");
    }

    private static List<JsonNode?> Comparable(IEnumerable<JsonNode?> nodes) =>
        nodes.Select(n =>
        {
            var copy = n!.DeepClone().AsObject();
            copy.Remove("atime");
            if ((string?)copy["path"] == Path.GetTempPath().TrimEnd('/'))
            {
                copy.Remove("mtime");
                copy.Remove("ctime");
            }

            return (JsonNode?)copy;
        }).ToList();
}
