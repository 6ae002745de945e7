using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Definitions;

/// <summary><c>drill:</c> — how restore drills run for a service.</summary>
internal static class DrillSchema
{
    private static readonly SecretKeys Password = new("password", "the password of the drill server");

    public static Property<bool> Enabled { get; } = new("enabled", new BooleanType(),
        "Whether 'lifeboat drill' without service names includes this service.")
    {
        Default = true,
    };

    public static Property<ConnectionUrl> Server { get; } = new("server",
        new UrlType("a postgres:// or mysql:// URL", "postgres", "postgresql", "mysql", "mariadb") { Example = "postgres://drill@scratch.internal:5432/" },
        "A database server for the scratch databases of drills, instead of each source's own server; used by sources of the same kind.")
    {
        Example = "postgres://drill@scratch.internal:5432/",
    };

    public static ObjectType<DrillConfig> Type { get; } = new("drill",
        "Restore drills: the service's latest snapshot restored into scratch databases and directories, then its verify checks.",
        [Enabled, Server, .. Password.Properties],
        r => new DrillConfig
        {
            Enabled = r.Get(Enabled),
            Server = r.Get(Server),
            Password = Password.Read(r, r.Get(Server)),
        })
    {
        Rules = [Password.Rule],
    };
}
