using System.CommandLine;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary><c>lifeboat repo</c>: operations on one restic-format repository, named by -r.</summary>
internal static class RepoCommand
{
    public static Command Create()
    {
        var repo = new Command("repo", "Operations on a restic-format repository (init, backup, snapshots, restore, ...)");
        Command[] commands =
        [
            InitCommand.Create(),
            BackupCommand.Create(),
            SnapshotsCommand.Create(),
            LsCommand.Create(),
            RestoreCommand.Create(),
            DumpCommand.Create(),
            CatCommand.Create(),
            CheckCommand.Create(),
            ForgetCommand.Create(),
            PruneCommand.Create(),
            KeyCommand.Create(),
            CopyCommand.Create(),
            UnlockCommand.Create(),
            RepairCommand.Create(),
        ];
        foreach (var command in commands)
        {
            repo.Subcommands.Add(command);
        }

        return repo;
    }
}
