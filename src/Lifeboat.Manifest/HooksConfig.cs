namespace Lifeboat.Manifest;

/// <summary>Commands run around backups and restores. A hook exiting 75 skips the service.</summary>
public sealed record HooksConfig
{
    public static HooksConfig None { get; } = new();

    public CommandLine? BeforeBackup { get; init; }

    public CommandLine? AfterBackup { get; init; }

    /// <summary>Runs when a backup or restore of the service fails.</summary>
    public CommandLine? OnError { get; init; }

    public CommandLine? BeforeRestore { get; init; }

    public CommandLine? AfterRestore { get; init; }

    /// <summary>These hooks, with every hook this one lacks taken from <paramref name="defaults"/>.</summary>
    public HooksConfig Over(HooksConfig defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return new HooksConfig
        {
            BeforeBackup = BeforeBackup ?? defaults.BeforeBackup,
            AfterBackup = AfterBackup ?? defaults.AfterBackup,
            OnError = OnError ?? defaults.OnError,
            BeforeRestore = BeforeRestore ?? defaults.BeforeRestore,
            AfterRestore = AfterRestore ?? defaults.AfterRestore,
        };
    }
}
