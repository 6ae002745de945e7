namespace Lifeboat.Testing;

/// <summary>How <see cref="ProcessRunner"/> starts a program. Every property is optional.</summary>
public sealed record ProcessOptions
{
    public static ProcessOptions Default { get; } = new();

    /// <summary>
    /// Variables added to (or, with a null value, removed from) the environment this process passes on.
    /// Secrets belong here, never in arguments.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Bytes written to the program's standard input, which is then closed. Standard input is always redirected (empty when no input is given).</summary>
    public ReadOnlyMemory<byte>? Input { get; init; }

    /// <summary>Text written UTF-8 encoded to standard input; an alternative to <see cref="Input"/>, not a complement.</summary>
    public string? InputText { get; init; }

    /// <summary>The working directory; the current one when null (the user's home directory when <see cref="User"/> switches users).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>How long the program may run before it and its child processes are killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Runs the program as this operating-system user (through <c>setpriv</c>, which replaces itself
    /// with the program, so the process id is the program's). Needs root unless it names the current user.
    /// </summary>
    public string? User { get; init; }

    internal ReadOnlyMemory<byte> InputBytes() =>
        (Input, InputText) switch
        {
            (not null, not null) => throw new ArgumentException("Set either ProcessOptions.Input or ProcessOptions.InputText, not both."),
            ({ } bytes, null) => bytes,
            (null, { } text) => System.Text.Encoding.UTF8.GetBytes(text),
            _ => ReadOnlyMemory<byte>.Empty,
        };
}
