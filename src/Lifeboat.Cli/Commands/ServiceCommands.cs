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
        Services.DrillCommand.Create(),
        Services.CheckServicesCommand.Create(),
        Services.StatusCommand.Create(),
        Services.DoctorCommand.Create(),
        ConfigCommand.Create(),
        Services.SupportBundleCommand.Create(),
        DemoCommand.Create(),
    ];
}
