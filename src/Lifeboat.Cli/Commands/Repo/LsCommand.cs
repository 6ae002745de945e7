using System.CommandLine;
using System.Text.Json.Nodes;
using Lifeboat.Repository;
using Lifeboat.Repository.Trees;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary><c>lifeboat repo ls SNAPSHOT [DIR...]</c>: the paths in a snapshot.</summary>
internal static class LsCommand
{
    public static Command Create()
    {
        var snapshotArgument = new Argument<string>("SNAPSHOT") { Description = "latest, a snapshot id or a unique prefix" };
        var dirs = new Argument<string[]>("DIR") { Description = "Only list these directories (and their content)", Arity = ArgumentArity.ZeroOrMore };
        var recursive = new Option<bool>("--recursive") { Description = "With DIR: list everything below it, not only its entries" };
        var command = new Command("ls", "List the files in a snapshot") { snapshotArgument, dirs, recursive };
        var filter = new SnapshotFilterOptions();
        filter.AddTo(command);

        return command.Handle(async context =>
        {
            await using var repository = await RepositoryAccess.OpenAsync(context, loadIndex: true);
            var snapshot = await SnapshotFilterOptions.ResolveAsync(repository, context.Get(snapshotArgument)!, filter.Build(context), context.CancellationToken);
            var prefixes = (context.Get(dirs) ?? []).Select(d => "/" + d.Trim('/')).Select(d => d == "/" ? string.Empty : d).ToList();
            var all = context.Get(recursive) || prefixes.Count == 0;

            if (context.Ui.Json)
            {
                context.Ui.WriteJson(SnapshotJson.From(snapshot, "snapshot"));
            }
            else
            {
                context.Ui.Info($"snapshot {snapshot.Id.ToShortString()} of [{string.Join(" ", snapshot.Paths)}] at {snapshot.Time}:");
            }

            await WalkAsync(repository, snapshot.Tree, string.Empty, (path, node) =>
            {
                if (!Selected(path, prefixes, all))
                {
                    return;
                }

                if (context.Ui.Json)
                {
                    context.Ui.WriteJson(NodeJson(path, node));
                }
                else
                {
                    context.Ui.WriteData(path + "\n");
                }
            }, context.CancellationToken);
            return ExitCodes.Success;
        });
    }

    private static bool Selected(string path, List<string> prefixes, bool recursive)
    {
        if (prefixes.Count == 0)
        {
            return true;
        }

        foreach (var prefix in prefixes)
        {
            if (path == prefix || (prefix.Length == 0 && (recursive || path.LastIndexOf('/') == 0)))
            {
                return true;
            }

            if (path.StartsWith(prefix + "/", StringComparison.Ordinal)
                && (recursive || path.LastIndexOf('/') == prefix.Length))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Visits every node of a tree, depth first, in tree order.</summary>
    public static async Task WalkAsync(Repository.Repository repository, Id treeId, string prefix, Action<string, Node> visit, CancellationToken cancellationToken)
    {
        var tree = await repository.LoadTreeAsync(treeId, cancellationToken);
        foreach (var node in tree.Nodes)
        {
            var path = prefix + "/" + node.Name;
            visit(path, node);
            if (node.Type == NodeType.Directory && node.Subtree is { } subtree)
            {
                await WalkAsync(repository, subtree, path, visit, cancellationToken);
            }
        }
    }

    private static JsonObject NodeJson(string path, Node node)
    {
        var json = new JsonObject
        {
            ["name"] = node.Name,
            ["type"] = node.Type,
            ["path"] = path,
            ["uid"] = node.Uid,
            ["gid"] = node.Gid,
        };
        if (node.Type == NodeType.File)
        {
            json["size"] = node.Size;
        }

        if (node.Mode != 0)
        {
            json["mode"] = node.Mode; // restic omits a zero mode (omitempty)
        }

        json["permissions"] = Permissions(node.Mode);
        json["mtime"] = node.ModTime.ToString();
        json["atime"] = node.AccessTime.ToString();
        json["ctime"] = node.ChangeTime.ToString();
        json["struct_type"] = "node";
        return json;
    }

    /// <summary>Go's os.FileMode.String(): type letters, then rwxrwxrwx.</summary>
    public static string Permissions(uint mode)
    {
        const string types = "dalTLDpSugct?";
        var builder = new System.Text.StringBuilder(16);
        for (var i = 0; i < types.Length; i++)
        {
            if ((mode & (1u << (31 - i))) != 0)
            {
                builder.Append(types[i]);
            }
        }

        if (builder.Length == 0)
        {
            builder.Append('-');
        }

        const string rwx = "rwxrwxrwx";
        for (var i = 0; i < 9; i++)
        {
            builder.Append((mode & (1u << (8 - i))) != 0 ? rwx[i] : '-');
        }

        return builder.ToString();
    }
}
