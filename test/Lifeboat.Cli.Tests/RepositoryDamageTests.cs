using System.Text.Json.Nodes;
using Lifeboat.Repository;
using Lifeboat.Repository.Trees;
using Lifeboat.Storage;
using Lifeboat.Storage.Local;
using Lifeboat.Testing;
using Lifeboat.Testing.Trees;

namespace Lifeboat.Cli.Tests;

/// <summary>
/// Bad input and corruption, as a user meets them: a wrong password, a path that is no repository, a
/// repository version from the future, and one flipped byte in a pack, an index, a snapshot or a key
/// file. Each is refused or reported with the file (and blob) it hit, an exit code and no stack trace;
/// a restore goes on with every intact file and never leaves unverified bytes behind.
/// </summary>
[Collection(ResticRepositoryFixture.Collection)]
public sealed class RepositoryDamageTests(ResticRepositoryFixture fixture)
{
    [Fact]
    public async Task Wrong_password_is_refused_with_one_line_and_exit_code_1()
    {
        var result = await fixture.Lifeboat.WithPassword("not the password").RunAsync("repo", "snapshots");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no key matches this password", result.StandardError, StringComparison.Ordinal);
        AssertOneErrorLine(result);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task A_path_that_is_not_a_repository_is_reported_in_one_line_with_exit_code_1()
    {
        using var directory = new TempDirectory("cli-norepo");
        var empty = directory.CreateDirectory("empty");
        var missing = directory.Combine("missing");
        var tree = fixture.Tree.PathOf(GeneratedTree.TimesDirectory);

        foreach (var path in new[] { empty, missing, tree })
        {
            var result = await new LifeboatCli(path, ResticRepositoryFixture.Password).RunAsync("repo", "snapshots");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains(path, result.StandardError, StringComparison.Ordinal);
            AssertOneErrorLine(result);
        }
    }

    [Fact]
    public async Task Repository_version_3_is_refused_naming_the_version()
    {
        using var directory = new TempDirectory("cli-version");
        var copy = await fixture.CopyRepository(directory);
        await using (var repository = await Open(copy))
        {
            var config = JsonNode.Parse(repository.Key.Decrypt(File.ReadAllBytes(Path.Combine(copy, "config"))))!;
            Assert.Equal(2, (int)config["version"]!);
            config["version"] = 3;
            ResticRepositoryFixture.ReplaceFile(Path.Combine(copy, "config"), repository.Key.Encrypt(System.Text.Encoding.UTF8.GetBytes(config.ToJsonString())));
        }

        var result = await new LifeboatCli(copy, ResticRepositoryFixture.Password).RunAsync("repo", "snapshots");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("version 3", result.StandardError, StringComparison.Ordinal);
        AssertOneErrorLine(result);
    }

    [Fact]
    public async Task Restore_with_one_damaged_pack_restores_every_other_file_and_fails()
    {
        using var directory = new TempDirectory("cli-badpack");
        var copy = await fixture.CopyRepository(directory);
        Id packId, blobId;
        await using (var repository = await Open(copy))
        {
            await repository.LoadIndexAsync();
            var large = await FindNodeAsync(repository, fixture.FullSnapshot, fixture.Tree.PathOf(GeneratedTree.LargeFile));
            blobId = large.Content![1];
            Assert.True(repository.Index.TryGet(BlobType.Data, blobId, out packId, out var blob));
            FlipByte(PackPath(copy, packId), blob.Offset + (blob.Length / 2));
        }

        var target = directory.Combine("target");
        var result = await new LifeboatCli(copy, ResticRepositoryFixture.Password).RunAsync("repo", "restore", fixture.FullSnapshot, "--target", target);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(packId.ToString(), result.StandardError, StringComparison.Ordinal);
        Assert.Contains(blobId.ToString(), result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        var largeFile = (target + fixture.Tree.Root) + "/" + GeneratedTree.LargeFile;
        Assert.False(File.Exists(largeFile), "the file with the damaged blob must not be restored");
        Assert.Empty(Directory.EnumerateFileSystemEntries(target, "*.lifeboat-*", SearchOption.AllDirectories));
        var relativeLarge = Path.GetRelativePath(fixture.ResticRestore, fixture.ResticRestore + fixture.Tree.Root + "/" + GeneratedTree.LargeFile);
        DirectoryComparer.AssertIdentical(fixture.ResticRestore, target, new CompareOptions { Ignore = p => p == relativeLarge });
    }

    [Fact]
    public async Task A_damaged_index_file_is_reported_naming_it()
    {
        using var directory = new TempDirectory("cli-badindex");
        var copy = await fixture.CopyRepository(directory);
        var index = Directory.GetFiles(Path.Combine(copy, "index")).Order(StringComparer.Ordinal).First();
        FlipByte(index, new FileInfo(index).Length / 2);

        var result = await new LifeboatCli(copy, ResticRepositoryFixture.Password).RunAsync("repo", "restore", "latest", "--target", directory.Combine("target"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"index/{Path.GetFileName(index)}", result.StandardError, StringComparison.Ordinal);
        AssertOneErrorLine(result);
    }

    [Fact]
    public async Task A_damaged_snapshot_file_is_reported_naming_it()
    {
        using var directory = new TempDirectory("cli-badsnapshot");
        var copy = await fixture.CopyRepository(directory);
        var snapshot = Path.Combine(copy, "snapshots", fixture.TaggedSnapshot);
        FlipByte(snapshot, new FileInfo(snapshot).Length / 2);
        var lifeboat = new LifeboatCli(copy, ResticRepositoryFixture.Password);

        var listing = await lifeboat.RunAsync("repo", "snapshots", "--json");
        var restore = await lifeboat.RunAsync("repo", "restore", fixture.TaggedSnapshot, "--target", directory.Combine("target"));

        Assert.Contains(fixture.TaggedSnapshot, listing.StandardError, StringComparison.Ordinal);
        var listed = JsonNode.Parse(listing.StandardOutput)!.AsArray().Select(s => (string)s!["id"]!).ToList();
        Assert.Equal(new[] { fixture.FullSnapshot, fixture.OtherHostSnapshot }.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(1, restore.ExitCode);
        Assert.Contains($"snapshots/{fixture.TaggedSnapshot}", restore.StandardError, StringComparison.Ordinal);
        AssertOneErrorLine(restore);
        Assert.False(Directory.Exists(directory.Combine("target")) && Directory.EnumerateFileSystemEntries(directory.Combine("target")).Any());
    }

    [Fact]
    public async Task A_damaged_key_file_is_reported_naming_it()
    {
        using var directory = new TempDirectory("cli-badkey");
        var copy = await fixture.CopyRepository(directory);
        var key = Assert.Single(Directory.GetFiles(Path.Combine(copy, "keys")));
        FlipByte(key, new FileInfo(key).Length / 2);

        var result = await new LifeboatCli(copy, ResticRepositoryFixture.Password).RunAsync("repo", "snapshots");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"keys/{Path.GetFileName(key)}", result.StandardError, StringComparison.Ordinal);
        AssertOneErrorLine(result);
    }

    /// <summary>One "error:" line, at most one "hint:" line, nothing else (no stack trace).</summary>
    private static void AssertOneErrorLine(ProcessResult result)
    {
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Count(l => l.StartsWith("error: ", StringComparison.Ordinal)) == 1 && lines.Length <= 2
            && lines.Skip(1).All(l => l.StartsWith("hint: ", StringComparison.Ordinal)),
            $"expected one error line (and a hint), got:\n{result.StandardError}");
    }

    private static Task<Repository.Repository> Open(string path) =>
        Repository.Repository.OpenAsync(new LocalBackend(path), ResticRepositoryFixture.Password);

    private static string PackPath(string repository, Id packId)
    {
        var name = packId.ToString();
        return Path.Combine(repository, "data", name[..2], name);
    }

    private static void FlipByte(string path, long offset)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x01;
        ResticRepositoryFixture.ReplaceFile(path, bytes);
    }

    private static async Task<Node> FindNodeAsync(Repository.Repository repository, string snapshotId, string absolutePath)
    {
        var snapshot = await repository.LoadJsonAsync<Repository.Snapshots.Snapshot>(FileType.Snapshot, Id.Parse(snapshotId));
        var treeId = snapshot.Tree;
        Node? node = null;
        foreach (var name in absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = (await repository.LoadTreeAsync(treeId)).Find(name) ?? throw new InvalidOperationException($"{name} of {absolutePath} is not in the snapshot");
            treeId = node.Subtree ?? default;
        }

        return node!;
    }
}
