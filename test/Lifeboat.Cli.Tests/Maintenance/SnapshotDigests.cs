using System.Security.Cryptography;
using System.Text;
using Lifeboat.Repository;
using Lifeboat.Repository.Trees;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// What each snapshot restores to, read through the engine: every node's path, type, mode, size, link
/// target and content blob ids, hashed into one digest per snapshot. Every data blob a snapshot names is
/// loaded once per call, which decrypts it and checks it against its id: equal digests and a successful
/// call mean the snapshot restores byte for byte as before.
/// </summary>
internal static class SnapshotDigests
{
    /// <summary>Snapshot id → digest, for every snapshot of the repository (index loaded).</summary>
    public static async Task<SortedDictionary<string, string>> OfAllAsync(Repository.Repository repository)
    {
        var verified = new HashSet<Id>();
        var digests = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var snapshot in await repository.LoadSnapshotsAsync())
        {
            var lines = new List<string>();
            await WalkAsync(repository, snapshot.Tree, "", lines, verified);
            digests[snapshot.Id.ToString()] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines))));
        }

        return digests;
    }

    private static async Task WalkAsync(Repository.Repository repository, Id treeId, string path, List<string> lines, HashSet<Id> verified)
    {
        var tree = await repository.LoadTreeAsync(treeId);
        foreach (var node in tree.Nodes)
        {
            var nodePath = path + "/" + node.Name;
            lines.Add($"{nodePath} {node.Type} {node.Mode} {node.Size} {node.LinkTarget} {string.Join(',', node.Content ?? [])}");
            foreach (var blob in node.Content ?? [])
            {
                if (verified.Add(blob))
                {
                    await repository.LoadBlobAsync(BlobType.Data, blob);
                }
            }

            if (node.Type == NodeType.Directory && node.Subtree is { } subtree)
            {
                await WalkAsync(repository, subtree, nodePath, lines, verified);
            }
        }
    }

    /// <summary>Asserts that every snapshot still restores as recorded (and that no snapshot appeared or vanished).</summary>
    public static async Task AssertUnchangedAsync(string repositoryPath, IReadOnlyDictionary<string, string> expected)
    {
        await using var repository = await TestRepositories.OpenAsync(repositoryPath);
        var actual = await OfAllAsync(repository);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys);
        foreach (var (id, digest) in expected)
        {
            Assert.True(digest == actual[id], $"snapshot {id} restores differently");
        }
    }
}
