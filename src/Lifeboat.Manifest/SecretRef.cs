using Lifeboat.Secrets;

namespace Lifeboat.Manifest;

/// <summary>
/// Where a secret comes from: a file (<c>*_file</c>), a command's output (<c>*_command</c>), or a value
/// in the manifest itself, which the manifest only accepts through <c>${VAR}</c> interpolation or
/// inside a URL. Files and commands are read when the secret is needed, not when the manifest loads.
/// <see cref="ToString"/> describes the origin and never the secret.
/// </summary>
public abstract record SecretRef
{
    /// <summary>
    /// Reads the secret now. Thread-safe; a file or command is read again on every call.
    /// </summary>
    /// <exception cref="ConfigurationException">The file is missing or empty, or the command fails or prints
    /// nothing (the message names the file or command, never the secret).</exception>
    public abstract Task<SecretValue> ResolveAsync(CancellationToken cancellationToken = default);

    /// <summary>The origin for messages: "file /etc/lifeboat/password", "command 'pass show x'".</summary>
    public abstract string Describe();

    public sealed override string ToString() => Describe();

    public static SecretRef FromFile(string path) => new FileSecretRef(path);

    public static SecretRef FromCommand(string command) => new CommandSecretRef(command);

    public static SecretRef FromValue(SecretValue value) => new InlineSecretRef(value);
}

/// <summary>A secret read from a file; surrounding whitespace (the trailing newline) is removed.</summary>
public sealed record FileSecretRef(string Path) : SecretRef
{
    public override async Task<SecretValue> ResolveAsync(CancellationToken cancellationToken = default) =>
        new(await SecretReader.FromFileAsync(Path, cancellationToken));

    public override string Describe() => $"file {Path}";
}

/// <summary>A secret printed by a shell command (run with <c>/bin/sh -c</c>), trimmed.</summary>
public sealed record CommandSecretRef(string Command) : SecretRef
{
    public override async Task<SecretValue> ResolveAsync(CancellationToken cancellationToken = default) =>
        new(await SecretReader.FromCommandAsync(Command, cancellationToken));

    public override string Describe() => $"command '{Command}'";
}

/// <summary>A secret given in the manifest (interpolated from the environment, or a URL's password).</summary>
public sealed record InlineSecretRef(SecretValue Value) : SecretRef
{
    public override Task<SecretValue> ResolveAsync(CancellationToken cancellationToken = default) => Task.FromResult(Value);

    public override string Describe() => "a value in the manifest";
}
