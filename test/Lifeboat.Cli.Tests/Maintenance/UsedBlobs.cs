using Lifeboat.Repository;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Repository.Trees;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>An independent count of what a repository stores but no snapshot uses, to judge a prune by.</summary>
internal static class UsedBlobs
{
    /// <summary>Every tree and data blob the snapshots (all of them, unless given) reference.</summary>
    public static async Task<HashSet<(BlobType, Id)>> FindAsync(Repository.Repository repository, IEnumerable<Snapshot>? snapshots = null)
    {
        var used = new HashSet<(BlobType, Id)>();
        var pending = new Stack<Id>((snapshots ?? await repository.LoadSnapshotsAsync()).Select(s => s.Tree));
        while (pending.TryPop(out var treeId))
        {
            if (!used.Add((BlobType.Tree, treeId)))
            {
                continue;
            }

            foreach (var node in (await repository.LoadTreeAsync(treeId)).Nodes)
            {
                foreach (var blob in node.Content ?? [])
                {
                    used.Add((BlobType.Data, blob));
                }

                if (node.Type == NodeType.Directory && node.Subtree is { } subtree)
                {
                    pending.Push(subtree);
                }
            }
        }

        return used;
    }

    /// <summary>Index entries (pack, blob) that no snapshot needs, counting every copy of a duplicate blob after the first.</summary>
    public static async Task<List<string>> UnusedEntriesAsync(string repositoryPath)
    {
        await using var repository = await TestRepositories.OpenAsync(repositoryPath);
        var used = await FindAsync(repository);
        var seen = new HashSet<(BlobType, Id)>();
        var unused = new List<string>();
        foreach (var (pack, blobs) in repository.Index.BlobsByPack())
        {
            foreach (var blob in blobs)
            {
                if (!used.Contains((blob.Type, blob.Id)) || !seen.Add((blob.Type, blob.Id)))
                {
                    unused.Add($"{blob.Type} {blob.Id} in pack {pack}");
                }
            }
        }

        return unused;
    }
}
