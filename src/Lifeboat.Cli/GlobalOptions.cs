using System.CommandLine;

namespace Lifeboat.Cli;

/// <summary>The options every command accepts, declared once on the root and inherited.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string> Config = new("--config", "-c")
    {
        Description = "The manifest to read (default: ./lifeboat.yaml)",
        HelpName = "FILE",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Machine-readable JSON on stdout",
        Recursive = true,
    };

    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Print only errors and requested data",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "More detail, including stack traces of internal errors",
        Recursive = true,
    };

    public static readonly Option<bool> NoColor = new("--no-color")
    {
        Description = "No colours or animations (also when NO_COLOR is set)",
        Recursive = true,
    };

    public static readonly Option<string> Repository = new("--repo", "-r")
    {
        Description = "Repository (or $LIFEBOAT_REPOSITORY, $RESTIC_REPOSITORY): /path, local:/path",
        HelpName = "REPOSITORY",
        Recursive = true,
    };

    public static readonly Option<string> PasswordFile = new("--password-file")
    {
        Description = "Read the repository password from a file (or $LIFEBOAT_PASSWORD_FILE)",
        HelpName = "FILE",
        Recursive = true,
    };

    public static readonly Option<string> PasswordCommand = new("--password-command")
    {
        Description = "Run a shell command that prints the repository password",
        HelpName = "COMMAND",
        Recursive = true,
    };

    public static IEnumerable<Option> All =>
        [Config, Json, Quiet, Verbose, NoColor, Repository, PasswordFile, PasswordCommand];
}
