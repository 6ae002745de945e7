using Lifeboat.Repository.Restorer;
using Lifeboat.Repository.Trees;

namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// Reads parts of one snapshot by path: a file's content as a stream, a directory restored into a
/// target directory, a node's metadata. Paths are slash-separated, relative to the snapshot's root.
/// The repository's index must be loaded.
/// </summary>
public sealed class SnapshotReader(Repository repository, Snapshot snapshot)
{
    public Snapshot Snapshot { get; } = snapshot;

    public Repository Repository { get; } = repository;

    /// <summary>The node at <paramref name="path"/>, or null when the snapshot has no such path.</summary>
    public async Task<Node?> FindAsync(string path, CancellationToken cancellationToken = default)
    {
        var components = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (components.Length == 0)
        {
            return new Node { Name = "/", Type = NodeType.Directory, Subtree = Snapshot.Tree };
        }

        var tree = Snapshot.Tree;
        Node? node = null;
        foreach (var component in components)
        {
            if (node is not null)
            {
                if (node.Type != NodeType.Directory || node.Subtree is not { } subtree)
                {
                    return null;
                }

                tree = subtree;
            }

            node = (await Repository.LoadTreeAsync(tree, cancellationToken)).Find(component);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The names in a directory of the snapshot.</summary>
    public async Task<IReadOnlyList<Node>> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        var node = await FindAsync(path, cancellationToken);
        if (node is not { Type: NodeType.Directory, Subtree: { } subtree })
        {
            throw new RepositoryException($"{path} is not a directory in snapshot {Snapshot.Id.ToShortString()}");
        }

        return (await Repository.LoadTreeAsync(subtree, cancellationToken)).Nodes;
    }

    /// <summary>A file's content, verified blob by blob as it is read.</summary>
    /// <exception cref="RepositoryException">No such file in the snapshot.</exception>
    public async Task<Stream> OpenFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var node = await FindAsync(path, cancellationToken);
        return node is { Type: NodeType.File }
            ? new FileContentStream(Repository, node)
            : throw new RepositoryException($"{path} is not a file in snapshot {Snapshot.Id.ToShortString()}");
    }

    /// <summary>Reads a whole (small) file.</summary>
    public async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenFileAsync(path, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>Restores the content of a directory of the snapshot into <paramref name="target"/>.</summary>
    public async Task<RestoreResult> RestoreDirectoryAsync(string path, string target, CancellationToken cancellationToken = default)
    {
        var node = await FindAsync(path, cancellationToken);
        if (node is not { Type: NodeType.Directory, Subtree: { } subtree })
        {
            throw new RepositoryException($"{path} is not a directory in snapshot {Snapshot.Id.ToShortString()}");
        }

        return await new SnapshotRestorer(Repository, new RestoreOptions { Target = target }).RestoreTreeAsync(subtree, cancellationToken);
    }
}
