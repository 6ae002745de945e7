using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Definitions;

/// <summary>
/// The three ways to give one secret: <c>NAME_file</c>, <c>NAME_command</c> or <c>NAME: ${VAR}</c>, at
/// most one of them.
/// </summary>
internal sealed class SecretKeys
{
    public SecretKeys(string name, string what)
    {
        File = new Property<string>(name + "_file", Types.File, $"A file holding {what} (surrounding whitespace is ignored).")
        {
            Example = "/etc/lifeboat/" + name,
        };
        Command = new Property<string>(name + "_command", new StringType("a shell command"), $"A shell command (run with /bin/sh -c) that prints {what}.")
        {
            Example = "pass show lifeboat/" + name,
        };
        Inline = new Property<SecretValue>(name, new SecretType(File.Name, Command.Name),
            $"{char.ToUpperInvariant(what[0])}{what[1..]} from an environment variable, written as ${{VARIABLE}}; a literal value is refused.")
        {
            Example = "${" + name.ToUpperInvariant() + "}",
        };
        Rule = new AtMostOneOf(Inline, File, Command);
    }

    public Property<SecretValue> Inline { get; }

    public Property<string> File { get; }

    public Property<string> Command { get; }

    public Rule Rule { get; }

    public IEnumerable<Property> Properties => [Inline, File, Command];

    public SecretRef? Read(ObjectReader reader) =>
        reader.Get(File) is { } file ? SecretRef.FromFile(file)
        : reader.Get(Command) is { } command ? SecretRef.FromCommand(command)
        : reader.Get(Inline) is { } inline ? SecretRef.FromValue(inline)
        : null;

    /// <summary>
    /// The secret from these keys or from the URL's password; both at once is a problem (reported on
    /// the key).
    /// </summary>
    public SecretRef? Read(ObjectReader reader, ConnectionUrl? url)
    {
        var secret = Read(reader);
        if (url?.Password is not { } inUrl)
        {
            return secret;
        }

        if (secret is not null)
        {
            var given = Properties.First(reader.Has);
            reader.KeyProblem(given, $"the password is given twice: in the URL and in '{given.Name}'", "remove one of them");
        }

        return SecretRef.FromValue(inUrl);
    }
}
