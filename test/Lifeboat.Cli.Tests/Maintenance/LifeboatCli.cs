using Lifeboat.Storage;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// Runs the Lifeboat CLI as a user does, in its own process (<c>dotnet lifeboat.dll</c>, the build
/// output copied next to the tests), against one repository. Repository and password travel in the
/// environment; inherited Lifeboat and restic variables are removed so the host's settings never leak in.
/// </summary>
internal sealed class LifeboatCli
{
    private static readonly string[] InheritedVariables =
    [
        "LIFEBOAT_REPOSITORY", "LIFEBOAT_PASSWORD", "LIFEBOAT_PASSWORD_FILE", "LIFEBOAT_PASSWORD_COMMAND",
        "LIFEBOAT_FROM_REPOSITORY", "LIFEBOAT_FROM_PASSWORD", "LIFEBOAT_FROM_PASSWORD_FILE", "LIFEBOAT_FROM_PASSWORD_COMMAND",
        "RESTIC_REPOSITORY", "RESTIC_PASSWORD", "RESTIC_PASSWORD_FILE", "RESTIC_PASSWORD_COMMAND",
        "RESTIC_FROM_REPOSITORY", "RESTIC_FROM_PASSWORD", "RESTIC_FROM_PASSWORD_FILE", "RESTIC_FROM_PASSWORD_COMMAND",
        WriteDelayVariable, WriteHooksBackend.LogVariable, WriteHooksBackend.PauseVariable,
    ];

    /// <summary>The test hook that makes every save and remove wait (see src/Lifeboat.Storage/WriteHooksBackend.cs).</summary>
    public const string WriteDelayVariable = WriteHooksBackend.DelayVariable;

    public LifeboatCli(string repository, string password)
    {
        Repository = repository;
        var environment = InheritedVariables.ToDictionary(name => name, _ => (string?)null);
        environment["LIFEBOAT_REPOSITORY"] = repository;
        environment["LIFEBOAT_PASSWORD"] = password;
        environment["NO_COLOR"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        Environment = environment;
    }

    /// <summary>The CLI's entry assembly, copied into the test output directory by the project reference.</summary>
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "lifeboat.dll");

    public string Repository { get; }

    public IReadOnlyDictionary<string, string?> Environment { get; }

    /// <summary>Runs <c>lifeboat</c> with these arguments; a failure exit code is returned, not thrown.</summary>
    public Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, ProcessOptions.Default);

    public Task<ProcessResult> RunAsync(IEnumerable<string> arguments, ProcessOptions options)
    {
        var environment = new Dictionary<string, string?>(options.Environment);
        foreach (var (name, value) in Environment)
        {
            environment.TryAdd(name, value);
        }

        return ProcessRunner.RunAsync("dotnet", [Dll, .. arguments], options with { Environment = environment });
    }

    /// <summary>Runs and throws (with the output) unless the exit code is 0.</summary>
    public async Task<ProcessResult> RunCheckedAsync(params string[] arguments) => (await RunAsync(arguments)).EnsureSuccess();

    /// <summary>Starts <c>lifeboat</c> in the background, to kill it or to run something beside it.</summary>
    public LifeboatProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var environment = new Dictionary<string, string?>(Environment);
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return LifeboatProcess.Start(Dll, arguments, environment);
    }
}
