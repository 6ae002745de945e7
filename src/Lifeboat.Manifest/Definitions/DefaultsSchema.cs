using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Definitions;

/// <summary><c>defaults:</c> — what every service gets unless it says otherwise.</summary>
internal static class DefaultsSchema
{
    public static Property<string> Repository { get; } = new("repository", new ReferenceType(ReferenceKind.Repository),
        "The repository of services that name none.")
    {
        Example = "local",
    };

    public static Property<RetentionConfig> Retention { get; } = new("retention", RetentionSchema.Type,
        "The retention of services that declare none.");

    public static Property<HooksConfig> Hooks { get; } = new("hooks", HooksSchema.Type,
        "Hooks of every service; a service's own hook of the same name replaces the default one.");

    public static Property<string> Schedule { get; } = new("schedule", Types.Cron, "The backup schedule of services that declare none.")
    {
        Example = "@daily",
    };

    public static ObjectType<DefaultsConfig> Type { get; } = new("defaults",
        "Defaults for every service (a service's own setting wins).",
        [Repository, Retention, Hooks, Schedule],
        r => new DefaultsConfig
        {
            Repository = r.Get(Repository),
            Retention = r.Get(Retention),
            Hooks = r.Get(Hooks) ?? HooksConfig.None,
            Schedule = r.Get(Schedule),
        });
}
