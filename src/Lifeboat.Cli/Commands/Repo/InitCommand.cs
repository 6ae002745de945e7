using System.CommandLine;
using System.Text.Json.Nodes;
using Lifeboat.Repository;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary><c>lifeboat repo init</c>: a new, empty repository.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var version = new Option<int>("--repository-version") { Description = "Repository format version (1 or 2)", DefaultValueFactory = _ => 2 };
        var command = new Command("init", "Create a new repository (format v2)") { version };
        return command.Handle(async context =>
        {
            var location = RepositoryAccess.ResolveLocation(context);
            var password = await ResolveNewPasswordAsync(context);
            var backend = RepositoryAccess.Registry.Open(location);
            await using var repository = await RepositoryInitializer.InitAsync(backend, password, context.Get(version), cancellationToken: context.CancellationToken);

            if (context.Ui.Json)
            {
                context.Ui.WriteJson(new JsonObject
                {
                    ["message_type"] = "initialized",
                    ["id"] = repository.Config.Id,
                    ["repository"] = backend.Location,
                });
            }
            else
            {
                context.Ui.Info($"created repository {repository.Config.Id[..10]} at {backend.Location}");
                context.Ui.Info(string.Empty);
                context.Ui.Info("Knowledge of the password is required to access the repository.");
                context.Ui.Info("Losing the password means the data is irrecoverably lost.");
            }

            return ExitCodes.Success;
        });
    }

    /// <summary>A new password: from the usual sources, or asked twice on a terminal.</summary>
    public static async Task<string> ResolveNewPasswordAsync(CommandContext context)
    {
        var sourced = Environment.GetEnvironmentVariable("LIFEBOAT_PASSWORD") ?? Environment.GetEnvironmentVariable("RESTIC_PASSWORD");
        if (context.Get(GlobalOptions.PasswordFile) is not null || context.Get(GlobalOptions.PasswordCommand) is not null
            || !string.IsNullOrEmpty(sourced) || !context.Ui.CanPrompt)
        {
            return await RepositoryAccess.ResolvePasswordAsync(context);
        }

        var first = RepositoryAccess.Prompt("enter password for new repository: ");
        var second = RepositoryAccess.Prompt("enter password again: ");
        if (first != second)
        {
            throw new UsageException("the passwords do not match");
        }

        return first.Length > 0 ? first : throw new UsageException("an empty password is not allowed");
    }
}
