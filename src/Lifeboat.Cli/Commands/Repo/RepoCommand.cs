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
            new Command("init", "Create a new repository (format v2)").NotBuiltYet("issue #4"),
            new Command("backup", "Back up files, or a stream from stdin or a command").NotBuiltYet("issue #4"),
            new Command("snapshots", "List snapshots").NotBuiltYet("issue #3"),
            new Command("ls", "List the files in a snapshot").NotBuiltYet("issue #3"),
            new Command("restore", "Restore a snapshot into a directory").NotBuiltYet("issue #3"),
            new Command("dump", "Write a file of a snapshot to stdout (a directory as tar)").NotBuiltYet("issue #3"),
            new Command("cat", "Print a repository object (config, snapshot)").NotBuiltYet("issue #3"),
            new Command("check", "Check the repository for errors").NotBuiltYet("issue #5"),
            new Command("forget", "Remove snapshots according to a retention policy").NotBuiltYet("issue #5"),
            new Command("prune", "Remove data no snapshot references").NotBuiltYet("issue #5"),
            new Command("key", "Manage the repository's keys (list, add, remove, passwd)").NotBuiltYet("issue #4"),
            new Command("copy", "Copy snapshots from another repository").NotBuiltYet("issue #5"),
            new Command("unlock", "Remove stale locks").NotBuiltYet("issue #5"),
            new Command("repair", "Repair the repository (index)").NotBuiltYet("issue #5"),
        ];
        foreach (var command in commands)
        {
            repo.Subcommands.Add(command);
        }

        return repo;
    }
}
