using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Definitions;

/// <summary><c>hooks:</c> — commands around backups and restores.</summary>
internal static class HooksSchema
{
    public static Property<CommandLine> BeforeBackup { get; } = new("before_backup", Types.Command,
        "Runs before the backup; exit 75 skips the service (reported, not a failure), any other failure fails it.");

    public static Property<CommandLine> AfterBackup { get; } = new("after_backup", Types.Command,
        "Runs after a successful backup; LIFEBOAT_SNAPSHOT holds the snapshot id.");

    public static Property<CommandLine> OnError { get; } = new("on_error", Types.Command,
        "Runs when a backup or restore of the service fails; LIFEBOAT_ERROR holds the message.");

    public static Property<CommandLine> BeforeRestore { get; } = new("before_restore", Types.Command,
        "Runs before a restore, before 'stop'.");

    public static Property<CommandLine> AfterRestore { get; } = new("after_restore", Types.Command,
        "Runs after a restore, once the health check passed.");

    public static ObjectType<HooksConfig> Type { get; } = new("hooks",
        "Commands (as lists) run around backups and restores, with LIFEBOAT_SERVICE and friends in their environment.",
        [BeforeBackup, AfterBackup, OnError, BeforeRestore, AfterRestore],
        r => new HooksConfig
        {
            BeforeBackup = r.Get(BeforeBackup),
            AfterBackup = r.Get(AfterBackup),
            OnError = r.Get(OnError),
            BeforeRestore = r.Get(BeforeRestore),
            AfterRestore = r.Get(AfterRestore),
        })
    {
        Shared = true,
    };
}
