using System.Diagnostics;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Services.Support;

/// <summary>
/// Runs the built CLI (<c>dotnet lifeboat.dll</c>, copied next to the tests) as an operator does: a
/// separate process, without a terminal, with the Lifeboat and restic variables of the test host
/// removed and colours off.
/// </summary>
internal static class ServiceCli
{
    private static readonly string[] InheritedVariables =
    [
        "LIFEBOAT_REPOSITORY", "LIFEBOAT_PASSWORD", "LIFEBOAT_PASSWORD_FILE", "LIFEBOAT_PASSWORD_COMMAND",
        "RESTIC_REPOSITORY", "RESTIC_REPOSITORY_FILE", "RESTIC_PASSWORD", "RESTIC_PASSWORD_FILE", "RESTIC_PASSWORD_COMMAND",
        "PGPASSWORD", "PGHOST", "PGPORT", "PGUSER", "MYSQL_PWD",
    ];

    /// <summary>The CLI's entry assembly, in the test output directory.</summary>
    public static string Assembly { get; } = Path.Combine(AppContext.BaseDirectory, "lifeboat.dll");

    public static Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment) =>
        ProcessRunner.RunAsync("dotnet", [Assembly, .. arguments], new ProcessOptions
        {
            Environment = Environment(environment),
            WorkingDirectory = workingDirectory,
            Timeout = TimeSpan.FromMinutes(3),
        });

    public static ServiceCliProcess Start(IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        startInfo.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment(environment))
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        return new ServiceCliProcess(Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    private static Dictionary<string, string?> Environment(IReadOnlyDictionary<string, string?> extra)
    {
        var environment = InheritedVariables.ToDictionary(name => name, _ => (string?)null);
        environment["NO_COLOR"] = "1";
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }
}
