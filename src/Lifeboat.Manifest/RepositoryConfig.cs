namespace Lifeboat.Manifest;

/// <summary>A repository declared under <c>repositories:</c>.</summary>
public sealed record RepositoryConfig : INamed
{
    public required string Name { get; init; }

    /// <summary>
    /// Where the repository lives: a local path (made absolute against the manifest's directory),
    /// <c>local:/path</c>, or a backend URL (<c>s3:...</c>, <c>sftp:...</c>, <c>rest:https://...</c>).
    /// </summary>
    public required ConnectionUrl Url { get; init; }

    /// <summary>The repository password, or null to use <c>--password-file</c> / the environment.</summary>
    public SecretRef? Password { get; init; }

    /// <summary>Backend settings that are not secret (<c>region: eu-west-1</c>).</summary>
    public NamedMap<string> Options { get; init; } = NamedMap<string>.Empty;

    /// <summary>
    /// Backend secrets by option name (<c>secret_access_key</c>), from <c>secret_access_key_file</c>,
    /// <c>secret_access_key_command</c> or <c>secret_access_key: ${VAR}</c>.
    /// </summary>
    public NamedMap<SecretRef> Credentials { get; init; } = NamedMap<SecretRef>.Empty;
}
