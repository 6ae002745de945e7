using System.Text.RegularExpressions;
using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Definitions;

/// <summary><c>services.&lt;name&gt;:</c> — one service and everything Lifeboat needs to back it up, restore and drill it.</summary>
internal static class ServiceSchema
{
    public static Property<string> Description { get; } = new("description", Types.Text, "What the service is, for people reading status and drills.");

    public static Property<long> Priority { get; } = new("priority", new IntegerType(0, 10_000),
        "Restore order among services whose dependencies are restored: lower first.")
    {
        Default = 100,
    };

    public static Property<ValueList<string>> DependsOn { get; } = new("depends_on",
        new ListType<string>(new ReferenceType(ReferenceKind.Dependency)) { Unique = true },
        "Services restored before this one (restore-all); a cycle is an error.")
    {
        Example = "[auth]",
    };

    public static Property<TimeSpan> Rpo { get; } = new("rpo", Types.Duration,
        "Recovery point objective: 'lifeboat status' reports STALE when the newest snapshot is older.")
    {
        Example = "24h",
    };

    public static Property<TimeSpan> Rto { get; } = new("rto", Types.Duration,
        "Recovery time objective: drills report when a restore takes longer.")
    {
        Example = "30m",
    };

    public static Property<string> Schedule { get; } = new("schedule", Types.Cron,
        "When backups should run, as a cron expression (for the scheduler and for status).")
    {
        Example = "30 2 * * *",
    };

    public static Property<BackupConfig> Backup { get; } = new("backup", BackupSchema.Type, "Backup settings.");

    public static Property<string> Repository { get; } = new("repository", new ReferenceType(ReferenceKind.Repository),
        "The repository this service's snapshots go to; default: defaults.repository, or the only repository.")
    {
        Example = "local",
    };

    public static Property<ValueList<string>> Tags { get; } = new("tags",
        new ListType<string>(new StringType("a tag") { Pattern = new Regex("^[^,\\s]+$"), PatternHint = "a tag has no spaces or commas" }) { Unique = true },
        "Extra tags on this service's snapshots (besides lifeboat and service=<name>).");

    public static Property<CommandLine> Stop { get; } = new("stop", Types.Command,
        "Stops the service for a consistent backup or restore; 'start' always runs afterwards, also on failure.")
    {
        Example = "[systemctl, stop, app]",
    };

    public static Property<CommandLine> Start { get; } = new("start", Types.Command, "Starts the service again.")
    {
        Example = "[systemctl, start, app]",
    };

    public static Property<HealthCheckConfig> Health { get; } = new("health", HealthSchema.Type, "How to tell the service is up after a restore.");

    public static Property<NamedMap<SourceConfig>> Sources { get; } = new("sources",
        new MapType<SourceConfig>("source", SourceSchemas.Type) { Declares = DeclarationKind.Source, MinCount = 1 },
        "The data the service owns, by name: databases, directories, .env files, dump commands.")
    {
        Required = true,
    };

    public static Property<HooksConfig> Hooks { get; } = new("hooks", HooksSchema.Type,
        "Commands around backups and restores; each replaces the default hook of the same name.");

    public static Property<ValueList<PostRestoreStep>> PostRestore { get; } = new("post_restore", PostRestoreSchema.List,
        "Fixes run after the sources are restored and before 'start', in order.");

    public static Property<RetentionConfig> Retention { get; } = new("retention", RetentionSchema.Type,
        "Which snapshots to keep; replaces defaults.retention.");

    public static Property<ValueList<VerifyCheck>> Verify { get; } = new("verify", VerifySchemas.List,
        "Checks a drill runs against the restored scratch copy.");

    public static Property<DrillConfig> Drill { get; } = new("drill", DrillSchema.Type, "How restore drills run for this service.");

    public static ObjectType<ServiceConfig> Type { get; } = new("service",
        "A service: its data sources, how to stop and start it, its hooks, post-restore fixes, retention, targets and checks.",
        [Description, Priority, DependsOn, Rpo, Rto, Schedule, Backup, Repository, Tags, Stop, Start, Health, Sources, Hooks, PostRestore, Retention, Verify, Drill],
        r => new ServiceConfig
        {
            Name = r.Name,
            Description = r.Get(Description),
            Priority = (int)r.Get(Priority),
            DependsOn = r.Get(DependsOn) ?? [],
            Rpo = r.Optional(Rpo),
            Rto = r.Optional(Rto),
            Schedule = r.Get(Schedule),
            Backup = r.Get(Backup) ?? BackupConfig.Default,
            Repository = r.Get(Repository) ?? "",
            Tags = r.Get(Tags) ?? [],
            Stop = r.Get(Stop),
            Start = r.Get(Start),
            Health = r.Get(Health),
            Sources = r.Required(Sources),
            Hooks = r.Get(Hooks) ?? HooksConfig.None,
            PostRestore = r.Get(PostRestore) ?? [],
            Retention = r.Get(Retention),
            Verify = r.Get(Verify) ?? [],
            Drill = r.Get(Drill) ?? DrillConfig.Default,
        })
    {
        Shared = true,
        Rules = [new Requires(Stop, Start, "(a stopped service must be started again)")],
    };
}
