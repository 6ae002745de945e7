using System.CommandLine;

namespace Lifeboat.Cli.Commands;

/// <summary>The service floor: commands driven by the manifest.</summary>
internal static class ServiceCommands
{
    public static IEnumerable<Command> Create() =>
    [
        Services.BackupServicesCommand.Create(),
        Services.RestoreServiceCommand.Create(),
        Services.RestoreAllCommand.Create(),
        Services.ListCommand.Create(),
        Services.ForgetServicesCommand.Create(),
        new Command("drill", "Restore into scratch targets and run the service's checks").NotBuiltYet("issue #8"),
        new Command("check", "Check the services' repositories and record the result").NotBuiltYet("issue #8"),
        new Command("status", "Backup, check and drill evidence against RPO/RTO targets").NotBuiltYet("issue #8"),
        new Command("doctor", "Check tools, credentials and reachability of every source").NotBuiltYet("issue #8"),
        ConfigCommand.Create(),
        new Command("support-bundle", "Write a redacted bundle for troubleshooting").NotBuiltYet("issue #8"),
        new Command("demo", "Back up, break, restore and drill a sample service").NotBuiltYet("issue #7"),
    ];
}
