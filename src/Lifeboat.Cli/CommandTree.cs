using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Lifeboat.Cli.Commands;
using Lifeboat.Cli.Commands.Repo;

namespace Lifeboat.Cli;

/// <summary>
/// Every command, registered explicitly in one place. Two floors: service commands driven by the
/// manifest, and <c>lifeboat repo ...</c> for a restic-format repository.
/// </summary>
internal static class CommandTree
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Lifeboat: backup, restore and restore drills for self-hosted services");
        foreach (var option in GlobalOptions.All)
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(RepoCommand.Create());
        foreach (var command in ServiceCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new RootHelpAction((SynchronousCommandLineAction)help.Action!);
        root.SetAction(parseResult =>
        {
            RootHelpAction.Write(parseResult.RootCommandResult.Command, Console.Out);
            return ExitCodes.Success;
        });
        return root;
    }
}
