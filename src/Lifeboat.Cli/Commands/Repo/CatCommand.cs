using System.CommandLine;
using System.Text.Json;
using Lifeboat.Repository;
using Lifeboat.Storage;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary><c>lifeboat repo cat config|snapshot|index|key|lock|tree|blob [ID]</c>: one object, decrypted.</summary>
internal static class CatCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var typeArgument = new Argument<string>("TYPE") { Description = "config, snapshot, index, key, lock, tree or blob" };
        typeArgument.AcceptOnlyFromAmong("config", "snapshot", "index", "key", "lock", "tree", "blob");
        var idArgument = new Argument<string>("ID") { Description = "Id or unique prefix (not for config; 'latest' for snapshot)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("cat", "Print a repository object (config, snapshot, index, key, lock, tree, blob)") { typeArgument, idArgument };

        return command.Handle(async context =>
        {
            var type = context.Get(typeArgument)!;
            var id = context.Get(idArgument);
            if (type != "config" && string.IsNullOrEmpty(id))
            {
                throw new UsageException($"'cat {type}' needs an ID");
            }

            var needsIndex = type is "tree" or "blob" || (type == "snapshot" && id == "latest");
            await using var repository = await RepositoryAccess.OpenAsync(context, loadIndex: needsIndex);
            var ct = context.CancellationToken;
            switch (type)
            {
                case "config":
                    Print(context, JsonSerializer.SerializeToUtf8Bytes(repository.Config));
                    break;
                case "snapshot":
                    var snapshot = await SnapshotFilterOptions.ResolveAsync(repository, id!, _ => true, ct);
                    Print(context, await repository.LoadFileAsync(FileType.Snapshot, snapshot.Id, ct));
                    break;
                case "index":
                    Print(context, await repository.LoadFileAsync(FileType.Index, await repository.ResolvePrefixAsync(FileType.Index, id!, ct), ct));
                    break;
                case "lock":
                    Print(context, await repository.LoadFileAsync(FileType.Lock, await repository.ResolvePrefixAsync(FileType.Lock, id!, ct), ct));
                    break;
                case "key":
                    var keyId = await repository.ResolvePrefixAsync(FileType.Key, id!, ct);
                    Print(context, await repository.Backend.LoadAsync(new BackendFile(FileType.Key, keyId.ToString()), ct));
                    break;
                case "tree":
                    Print(context, await repository.LoadBlobAsync(BlobType.Tree, Id.Parse(id!), ct));
                    break;
                case "blob":
                    var blobId = Id.Parse(id!);
                    var blobType = repository.Index.Contains(BlobType.Data, blobId) ? BlobType.Data : BlobType.Tree;
                    var data = await repository.LoadBlobAsync(blobType, blobId, ct);
                    await using (var stdout = Console.OpenStandardOutput())
                    {
                        await stdout.WriteAsync(data, ct);
                    }

                    break;
            }

            return ExitCodes.Success;
        });
    }

    private static void Print(CommandContext context, byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        context.Ui.WriteData(JsonSerializer.Serialize(document.RootElement, Indented) + "\n");
    }
}
