namespace Lifeboat.Manifest;

/// <summary>
/// A command as an argument vector (<c>[systemctl, stop, redmine]</c>), run without a shell. Arguments
/// that came from secret-looking environment variables are shown as <c>[redacted]</c> by
/// <see cref="ToString"/>; <see cref="Arguments"/> holds the real values for running it.
/// </summary>
public sealed class CommandLine : IEquatable<CommandLine>
{
    private readonly ValueList<string> _display;

    public CommandLine(IEnumerable<string> arguments)
        : this([.. arguments], null)
    {
    }

    internal CommandLine(ValueList<string> arguments, ValueList<string>? display)
    {
        if (arguments.Count == 0)
        {
            throw new ArgumentException("a command needs at least the program", nameof(arguments));
        }

        Arguments = arguments;
        _display = display ?? arguments;
    }

    /// <summary>The program and its arguments.</summary>
    public ValueList<string> Arguments { get; }

    public string Program => Arguments[0];

    /// <summary>The command as a shell would read it, with secret arguments redacted.</summary>
    public override string ToString() => string.Join(' ', _display.Select(Quote));

    public bool Equals(CommandLine? other) => other is not null && Arguments.Equals(other.Arguments);

    public override bool Equals(object? obj) => obj is CommandLine other && Equals(other);

    public override int GetHashCode() => Arguments.GetHashCode();

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@%+,".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
