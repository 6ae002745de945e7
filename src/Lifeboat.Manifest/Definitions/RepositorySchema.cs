using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Definitions;

/// <summary><c>repositories.&lt;name&gt;:</c> — where snapshots are stored.</summary>
internal static class RepositorySchema
{
    private static readonly SecretKeys Password = new("password", "the repository password");

    public static Property<ConnectionUrl> Url { get; } = new("url",
        new UrlType("a repository location") { AnyLocation = true },
        "The repository: a local path (relative to this file), local:/path, or a backend URL (s3:..., sftp:..., rest:https://...).")
    {
        Required = true,
        Example = "/srv/backups/lifeboat",
    };

    public static Property<(NamedMap<string> Options, NamedMap<SecretRef> Credentials)> Options { get; } = new("options", new OptionsType(),
        "Backend settings (region: eu-west-1). Secrets as NAME_file, NAME_command or NAME: ${VAR} (secret_access_key_file: /etc/lifeboat/s3-key).");

    public static ObjectType<RepositoryConfig> Type { get; } = new("repository",
        "A restic-format repository. Without a password key, --password-file or $LIFEBOAT_PASSWORD_FILE is used.",
        [Url, .. Password.Properties, Options],
        r => new RepositoryConfig
        {
            Name = r.Name,
            Url = r.Required(Url),
            Password = Password.Read(r),
            Options = r.Has(Options) ? r.Required(Options).Options : NamedMap<string>.Empty,
            Credentials = r.Has(Options) ? r.Required(Options).Credentials : NamedMap<SecretRef>.Empty,
        })
    {
        Shared = true,
        Rules = [Password.Rule],
    };
}
