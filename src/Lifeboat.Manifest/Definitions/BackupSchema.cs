using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Definitions;

/// <summary><c>backup:</c> — a service's backup switch.</summary>
internal static class BackupSchema
{
    public static Property<bool> Enabled { get; } = new("enabled", new BooleanType(),
        "Whether 'lifeboat backup' without service names includes this service.")
    {
        Default = true,
    };

    public static ObjectType<BackupConfig> Type { get; } = new("backup", "Backup settings of the service.", [Enabled],
        r => new BackupConfig { Enabled = r.Get(Enabled) });
}
