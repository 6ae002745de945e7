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
