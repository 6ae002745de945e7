using Lifeboat.Repository;
using Lifeboat.Repository.Index;
using Lifeboat.Repository.Packs;
using Lifeboat.Repository.Trees;
using Lifeboat.Storage;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>The faults the check and prune tests inflict on a repository copy, through the file system or the engine.</summary>
internal static class Damage
{
    /// <summary>Flips the lowest bit of the byte at <paramref name="offset"/> (from the end when negative).</summary>
    public static void FlipBit(string path, long offset)
    {
        MakeWritable(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset >= 0 ? offset : stream.Length + offset;
        var value = stream.ReadByte();
        stream.Position--;
        stream.WriteByte((byte)(value ^ 1));
    }

    /// <summary>Cuts <paramref name="bytes"/> off the end of a file.</summary>
    public static void Truncate(string path, long bytes)
    {
        MakeWritable(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.SetLength(stream.Length - bytes);
    }

    /// <summary>The first pack (by id) holding blobs of <paramref name="type"/>, and its blobs by offset.</summary>
    public static async Task<(string PackId, List<PackedBlob> Blobs)> FindPackAsync(string repositoryPath, BlobType type)
    {
        await using var repository = await TestRepositories.OpenAsync(repositoryPath);
        var (packId, blobs) = repository.Index.BlobsByPack().Where(p => p.Value.All(b => b.Type == type)).OrderBy(p => p.Key).First();
        return (packId.ToString(), blobs);
    }

    /// <summary>The pack holding the root tree of the oldest snapshot.</summary>
    public static async Task<string> RootTreePackAsync(string repositoryPath)
    {
        await using var repository = await TestRepositories.OpenAsync(repositoryPath);
        var snapshot = (await repository.LoadSnapshotsAsync())[0];
        Assert.True(repository.Index.TryGet(BlobType.Tree, snapshot.Tree, out var packId, out _));
        return packId.ToString();
    }

    /// <summary>Rewrites the index without <paramref name="packId"/>: its blobs are no longer indexed, the pack stays.</summary>
    public static async Task DropFromIndexAsync(string repositoryPath, string packId)
    {
        await using var repository = await TestRepositories.OpenAsync(repositoryPath, loadIndex: false);
        var pack = Id.Parse(packId);
        foreach (var id in await repository.ListIdsAsync(FileType.Index))
        {
            var file = await repository.LoadJsonAsync<IndexFile>(FileType.Index, id);
            if (file.Packs.RemoveAll(p => p.Id == pack) > 0)
            {
                await repository.SaveJsonAsync(FileType.Index, file);
                await repository.Backend.RemoveAsync(new BackendFile(FileType.Index, id.ToString()));
            }
        }
    }

    /// <summary>
    /// Adds a snapshot whose root tree (stored and indexed) has a directory "ghost" whose subtree exists
    /// nowhere. Returns the new snapshot's id and the missing tree's id.
    /// </summary>
    public static async Task<(string Snapshot, string MissingTree)> AddDanglingTreeAsync(string repositoryPath)
    {
        await using var repository = await TestRepositories.OpenAsync(repositoryPath);
        var original = (await repository.LoadSnapshotsAsync())[^1];
        var tree = await repository.LoadTreeAsync(original.Tree);
        var missing = Id.Hash("no such tree"u8);
        tree.Nodes.Add(new Node { Name = "ghost", Type = NodeType.Directory, Mode = 0x800001ed, Subtree = missing });
        tree.Sort();
        var encoded = TreeCodec.Encode(tree);
        var treeId = Id.Hash(encoded);
        await using (var writer = new RepositoryWriter(repository))
        {
            await writer.AddBlobAsync(BlobType.Tree, treeId, encoded);
            await writer.FlushAsync();
        }

        original.Tree = treeId;
        original.Time = new ResticTime(original.Time.Value.AddMinutes(1));
        var snapshotId = await repository.SaveJsonAsync(FileType.Snapshot, original);
        return (snapshotId.ToString(), missing.ToString());
    }

    /// <summary>Stores a pack with one new blob and removes the index file that names it: a pack no index knows.</summary>
    public static async Task<string> AddUnreferencedPackAsync(string repositoryPath)
    {
        await using var repository = await TestRepositories.OpenAsync(repositoryPath);
        var content = new byte[4096];
        Random.Shared.NextBytes(content);
        await using var writer = new RepositoryWriter(repository);
        await writer.AddBlobAsync(BlobType.Data, Id.Hash(content), content);
        await writer.FlushAsync();
        foreach (var index in writer.IndexFiles)
        {
            await repository.Backend.RemoveAsync(new BackendFile(FileType.Index, index.ToString()));
        }

        return writer.Packs.Single().ToString();
    }

    /// <summary>The id of the oldest snapshot.</summary>
    public static async Task<string> FirstSnapshotAsync(string repositoryPath)
    {
        await using var repository = await TestRepositories.OpenAsync(repositoryPath, loadIndex: false);
        return (await repository.LoadSnapshotsAsync())[0].Id.ToString();
    }

    private static void MakeWritable(string path) =>
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserWrite);
}
