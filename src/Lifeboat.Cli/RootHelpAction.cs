using System.CommandLine;
using System.CommandLine.Invocation;

namespace Lifeboat.Cli;

/// <summary>
/// The top-level help: the two floors of commands, the global options and the exit codes. Help of
/// every subcommand is the library's own.
/// </summary>
internal sealed class RootHelpAction(SynchronousCommandLineAction inner) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        if (parseResult.CommandResult.Command is RootCommand root)
        {
            Write(root, Console.Out);
            return ExitCodes.Success;
        }

        return inner.Invoke(parseResult);
    }

    public static void Write(Command root, TextWriter writer)
    {
        var repo = root.Subcommands.Single(c => c.Name == "repo");
        var services = root.Subcommands.Where(c => c.Name != "repo").ToList();

        writer.WriteLine(root.Description);
        writer.WriteLine();
        writer.WriteLine("Usage:");
        writer.WriteLine("  lifeboat <command> [options]          service commands, driven by the manifest");
        writer.WriteLine("  lifeboat repo <command> [options]     operations on one restic-format repository");
        writer.WriteLine();
        writer.WriteLine("Service commands (manifest: --config, default ./lifeboat.yaml):");
        WriteRows(writer, services.Select(c => (c.Name, c.Description ?? string.Empty)));
        writer.WriteLine();
        writer.WriteLine("Repository commands (repository: -r, $LIFEBOAT_REPOSITORY or $RESTIC_REPOSITORY):");
        WriteRows(writer, repo.Subcommands.Select(c => ("repo " + c.Name, c.Description ?? string.Empty)));
        writer.WriteLine();
        writer.WriteLine("Global options:");
        WriteRows(writer, GlobalOptions.All.Select(o => (OptionLabel(o), o.Description ?? string.Empty)));
        WriteRows(writer, [("-h, --help", "Show help for any command: lifeboat <command> --help"), ("--version", "Show the version")]);
        writer.WriteLine();
        writer.WriteLine("Password: --password-file, --password-command, $LIFEBOAT_PASSWORD_FILE, $LIFEBOAT_PASSWORD,");
        writer.WriteLine("$RESTIC_PASSWORD_FILE, $RESTIC_PASSWORD, else a prompt on a terminal.");
        writer.WriteLine();
        writer.WriteLine("Exit codes:");
        WriteRows(writer,
        [
            ("0", "success"),
            ("1", "the operation failed"),
            ("2", "usage or configuration error (nothing was changed)"),
            ("3", "a target was missed: snapshot older than its RPO, or files skipped during a backup"),
            ("130", "interrupted (SIGINT or SIGTERM)"),
        ]);
    }

    private static string OptionLabel(Option option)
    {
        var names = new[] { option.Name }.Concat(option.Aliases).OrderBy(n => n.Length).ToList();
        var label = string.Join(", ", names);
        return option.HelpName is { } helpName ? $"{label} {helpName}" : label;
    }

    private static void WriteRows(TextWriter writer, IEnumerable<(string Name, string Description)> rows)
    {
        foreach (var (name, description) in rows)
        {
            writer.WriteLine(name.Length < 28 ? $"  {name,-28}{description}" : $"  {name}\n  {string.Empty,-28}{description}");
        }
    }
}
