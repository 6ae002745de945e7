using System.CommandLine;
using System.Text.Json.Nodes;
using Lifeboat.Repository;
using Lifeboat.Repository.Keys;
using Lifeboat.Secrets;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary><c>lifeboat repo key list|add|remove|passwd</c>: the passwords that open the repository.</summary>
internal static class KeyCommand
{
    public static Command Create()
    {
        var key = new Command("key", "Manage the repository's keys (list, add, remove, passwd)");
        key.Subcommands.Add(CreateList());
        key.Subcommands.Add(CreateAdd());
        key.Subcommands.Add(CreateRemove());
        key.Subcommands.Add(CreatePasswd());
        return key;
    }

    private static Option<string> NewPasswordFile() => new("--new-password-file") { Description = "Read the new password from this file", HelpName = "FILE" };

    private static Command CreateList()
    {
        var command = new Command("list", "List keys");
        return command.Handle(async context =>
        {
            await using var repository = await RepositoryAccess.OpenAsync(context, loadIndex: false);
            var keys = await KeyStore.ListAsync(repository.Backend, context.CancellationToken);
            if (context.Ui.Json)
            {
                context.Ui.WriteJson(new JsonArray(keys.Select(k => (JsonNode)new JsonObject
                {
                    ["current"] = k.Id == repository.KeyId,
                    ["id"] = k.Id.ToShortString(),
                    ["userName"] = k.File.Username,
                    ["hostName"] = k.File.Hostname,
                    ["created"] = k.File.Created.ToString(),
                }).ToArray()));
                return ExitCodes.Success;
            }

            context.Ui.WriteTable(
                [" ", "ID", "User", "Host", "Created"],
                keys.Select(k => (IReadOnlyList<string>)
                [
                    k.Id == repository.KeyId ? "*" : string.Empty,
                    k.Id.ToShortString(),
                    k.File.Username ?? string.Empty,
                    k.File.Hostname ?? string.Empty,
                    k.File.Created.Value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss"),
                ]));
            return ExitCodes.Success;
        });
    }

    private static Command CreateAdd()
    {
        var newPasswordFile = NewPasswordFile();
        var command = new Command("add", "Add a key: a new password for the same repository") { newPasswordFile };
        return command.Handle(async context =>
        {
            await using var repository = await RepositoryAccess.OpenAsync(context, loadIndex: false);
            var password = await NewPasswordAsync(context, context.Get(newPasswordFile));
            var id = await KeyStore.AddAsync(repository.Backend, repository.Key, password, cancellationToken: context.CancellationToken);
            context.Ui.Info($"saved new key as {id.ToShortString()}");
            return ExitCodes.Success;
        });
    }

    private static Command CreateRemove()
    {
        var idArgument = new Argument<string>("ID") { Description = "The key to remove (id or unique prefix)" };
        var command = new Command("remove", "Remove a key (not the one in use, never the last)") { idArgument };
        return command.Handle(async context =>
        {
            await using var repository = await RepositoryAccess.OpenAsync(context, loadIndex: false);
            var id = await repository.ResolvePrefixAsync(Storage.FileType.Key, context.Get(idArgument)!, context.CancellationToken);
            await KeyStore.RemoveAsync(repository.Backend, id, repository.KeyId, context.CancellationToken);
            context.Ui.Info($"removed key {id.ToShortString()}");
            return ExitCodes.Success;
        });
    }

    private static Command CreatePasswd()
    {
        var newPasswordFile = NewPasswordFile();
        var command = new Command("passwd", "Change the password: add a new key, then remove the current one") { newPasswordFile };
        return command.Handle(async context =>
        {
            await using var repository = await RepositoryAccess.OpenAsync(context, loadIndex: false);
            var password = await NewPasswordAsync(context, context.Get(newPasswordFile));
            var id = await KeyStore.AddAsync(repository.Backend, repository.Key, password, cancellationToken: context.CancellationToken);
            await repository.Backend.RemoveAsync(new Storage.BackendFile(Storage.FileType.Key, repository.KeyId.ToString()), context.CancellationToken);
            context.Ui.Info($"saved new key as {id.ToShortString()}; the old key {repository.KeyId.ToShortString()} was removed");
            return ExitCodes.Success;
        });
    }

    private static async Task<string> NewPasswordAsync(CommandContext context, string? file)
    {
        if (file is not null)
        {
            return await SecretReader.FromFileAsync(file, context.CancellationToken);
        }

        if (!context.Ui.CanPrompt)
        {
            throw new UsageException("no new password: use --new-password-file (or run on a terminal)");
        }

        var first = RepositoryAccess.Prompt("enter new password: ");
        var second = RepositoryAccess.Prompt("enter password again: ");
        if (first != second)
        {
            throw new UsageException("the passwords do not match");
        }

        return first.Length > 0 ? first : throw new UsageException("an empty password is not allowed");
    }
}
