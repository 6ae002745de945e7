using System.CommandLine;
using System.Formats.Tar;
using Lifeboat.Repository.Trees;
using Lifeboat.Repository;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary>
/// <c>lifeboat repo dump SNAPSHOT PATH</c>: a file's content to stdout, or a directory as a tar stream
/// whose entries are named as restic names them: by their path from the snapshot's root, without the
/// leading slash (<c>srv/app/uploads/a.png</c>), the directory itself left out.
/// </summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var snapshotArgument = new Argument<string>("SNAPSHOT") { Description = "latest, a snapshot id or a unique prefix" };
        var pathArgument = new Argument<string>("PATH") { Description = "Path inside the snapshot (as 'repo ls' shows it)" };
        var noLock = RepositoryAccess.NoLockOption();
        var command = new Command("dump", "Write a file of a snapshot to stdout (a directory as tar)") { snapshotArgument, pathArgument, noLock };
        var filter = new SnapshotFilterOptions();
        filter.AddTo(command);

        return command.Handle(async context =>
        {
            await using var repository = await RepositoryAccess.OpenAsync(context, loadIndex: false);

            await using var repositoryLock = await RepositoryAccess.LockForReadingAsync(context, repository, context.Get(noLock));
            var snapshot = await SnapshotFilterOptions.ResolveAsync(repository, context.Get(snapshotArgument)!, filter.Build(context), context.CancellationToken);
            var path = context.Get(pathArgument)!;
            var components = path.Split('/', StringSplitOptions.RemoveEmptyEntries);

            await using var stdout = Console.OpenStandardOutput();
            if (components.Length == 0)
            {
                await WriteTarAsync(repository, snapshot.Tree, string.Empty, stdout, context.CancellationToken);
                return ExitCodes.Success;
            }

            var treeId = snapshot.Tree;
            Node? node = null;
            for (var i = 0; i < components.Length; i++)
            {
                var tree = await repository.LoadTreeAsync(treeId, context.CancellationToken);
                node = tree.Find(components[i]) ?? throw new RepositoryException($"path {path} is not in snapshot {snapshot.Id.ToShortString()}");
                if (i < components.Length - 1)
                {
                    treeId = node.Subtree ?? throw new RepositoryException($"path {path} is not in snapshot {snapshot.Id.ToShortString()}");
                }
            }

            if (node!.Type == NodeType.Directory)
            {
                // As restic names them: the path from the root, without the leading slash.
                await WriteTarAsync(repository, node.Subtree!.Value, string.Join('/', components) + "/", stdout, context.CancellationToken);
            }
            else if (node.Type == NodeType.File)
            {
                await using var content = new FileContentStream(repository, node);
                await content.CopyToAsync(stdout, 1 << 20, context.CancellationToken);
            }
            else
            {
                throw new RepositoryException($"{path} is a {node.Type}, not a file or directory");
            }

            return ExitCodes.Success;
        });
    }

    private static async Task WriteTarAsync(Repository.Repository repository, Id treeId, string prefix, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await WriteTreeAsync(repository, writer, treeId, prefix, cancellationToken);
    }

    private static async Task WriteTreeAsync(Repository.Repository repository, TarWriter writer, Id treeId, string prefix, CancellationToken cancellationToken)
    {
        var tree = await repository.LoadTreeAsync(treeId, cancellationToken);
        foreach (var node in tree.Nodes)
        {
            var name = prefix + node.Name;
            PaxTarEntry? entry = node.Type switch
            {
                NodeType.File => new PaxTarEntry(TarEntryType.RegularFile, name),
                NodeType.Directory => new PaxTarEntry(TarEntryType.Directory, name + "/"),
                NodeType.Symlink => new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = node.LinkTarget ?? string.Empty },
                NodeType.Fifo => new PaxTarEntry(TarEntryType.Fifo, name),
                NodeType.CharDevice => new PaxTarEntry(TarEntryType.CharacterDevice, name),
                NodeType.BlockDevice => new PaxTarEntry(TarEntryType.BlockDevice, name),
                _ => null,
            };
            if (entry is null)
            {
                continue;
            }

            entry.Mode = (UnixFileMode)GoFileMode.ToUnixPermissions(node.Mode);
            entry.ModificationTime = node.ModTime.Value;
            entry.Uid = (int)node.Uid;
            entry.Gid = (int)node.Gid;
            entry.UserName = node.User ?? string.Empty;
            entry.GroupName = node.Group ?? string.Empty;
            if (node.Type == NodeType.File)
            {
                entry.DataStream = new FileContentStream(repository, node);
            }

            await writer.WriteEntryAsync(entry, cancellationToken);
            if (entry.DataStream is { } content)
            {
                await content.DisposeAsync();
            }
            if (node.Type == NodeType.Directory && node.Subtree is { } subtree)
            {
                await WriteTreeAsync(repository, writer, subtree, name + "/", cancellationToken);
            }
        }
    }
}
