using System.CommandLine;

namespace Lifeboat.Cli.Commands.Services;

/// <summary>The safety options restore commands share: --yes, --dry-run, --no-safety-snapshot.</summary>
internal sealed class RestoreCliOptions
{
    public Option<bool> Yes { get; } = new("--yes", "-y") { Description = "Do not ask for confirmation (required without a terminal)" };

    public Option<bool> DryRun { get; } = new("--dry-run", "-n") { Description = "Print the plan, change nothing" };

    public Option<bool> NoSafetySnapshot { get; } = new("--no-safety-snapshot") { Description = "Do not snapshot the current state before replacing it" };

    public void AddTo(Command command)
    {
        command.Options.Add(Yes);
        command.Options.Add(DryRun);
        command.Options.Add(NoSafetySnapshot);
    }

    /// <summary>
    /// Asks on a terminal; without one, refuses unless --yes was given (exit 2, nothing changed).
    /// </summary>
    public void Confirm(CommandContext context, string question)
    {
        if (context.Get(Yes))
        {
            return;
        }

        if (!context.Ui.CanPrompt)
        {
            throw new UsageException("refusing to replace live data without confirmation: there is no terminal to ask; pass --yes");
        }

        context.Ui.StderrWriter.Write($"{question} [y/N] ");
        var answer = Console.ReadLine()?.Trim();
        if (!string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException("not confirmed; nothing was changed");
        }
    }
}
