using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests;

/// <summary>
/// Runs the built CLI (<c>dotnet lifeboat.dll</c>, copied next to the tests) as a user would: a separate
/// process with the repository and password in the environment (LIFEBOAT_REPOSITORY, LIFEBOAT_PASSWORD),
/// inherited restic and Lifeboat variables removed, no colours. Thread-safe.
/// </summary>
public sealed class LifeboatCli
{
    private static readonly string[] InheritedVariables =
    [
        "LIFEBOAT_REPOSITORY", "LIFEBOAT_PASSWORD", "LIFEBOAT_PASSWORD_FILE", "LIFEBOAT_PASSWORD_COMMAND",
        "RESTIC_REPOSITORY", "RESTIC_REPOSITORY_FILE", "RESTIC_PASSWORD", "RESTIC_PASSWORD_FILE", "RESTIC_PASSWORD_COMMAND",
    ];

    public LifeboatCli(string repository, string password)
    {
        var environment = InheritedVariables.ToDictionary(name => name, _ => (string?)null);
        environment["LIFEBOAT_REPOSITORY"] = repository;
        environment["LIFEBOAT_PASSWORD"] = password;
        environment["NO_COLOR"] = "1";
        Environment = environment;
        Repository = repository;
    }

    /// <summary>The CLI's entry assembly, in the test output directory.</summary>
    public static string Assembly { get; } = Path.Combine(AppContext.BaseDirectory, "lifeboat.dll");

    public string Repository { get; }

    public IReadOnlyDictionary<string, string?> Environment { get; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The same CLI with another password.</summary>
    public LifeboatCli WithPassword(string password) => new(Repository, password) { Timeout = Timeout };

    public Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, ProcessOptions.Default);

    /// <summary>Runs <c>lifeboat ARGUMENTS</c> to completion; a failure exit code is returned, not thrown.</summary>
    public Task<ProcessResult> RunAsync(IEnumerable<string> arguments, ProcessOptions options)
    {
        var environment = new Dictionary<string, string?>(Environment);
        foreach (var (name, value) in options.Environment)
        {
            environment[name] = value;
        }

        var timeout = options.Timeout == ProcessOptions.Default.Timeout ? Timeout : options.Timeout;
        return ProcessRunner.RunAsync("dotnet", [Assembly, .. arguments], options with { Environment = environment, Timeout = timeout });
    }

    /// <summary>Runs and throws (with the CLI's standard error) unless it exits 0.</summary>
    public async Task<ProcessResult> RunCheckedAsync(params string[] arguments) => (await RunAsync(arguments)).EnsureSuccess();

    /// <summary>
    /// <c>lifeboat repo backup --json ARGUMENTS</c>: checks the exit code is 0 and returns the summary line.
    /// </summary>
    public async Task<JsonElement> BackupAsync(params string[] arguments)
    {
        var result = await RunCheckedAsync(["repo", "backup", "--json", .. arguments]);
        return Summary(result.StandardOutput) ?? throw new InvalidOperationException($"{result.CommandLine} printed no summary:\n{result.StandardOutput}");
    }

    /// <summary>The <c>"message_type": "summary"</c> line of JSON output, if there is one.</summary>
    public static JsonElement? Summary(string jsonLines)
    {
        foreach (var line in jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            if (document.RootElement.TryGetProperty("message_type", out var type) && type.GetString() == "summary")
            {
                return document.RootElement.Clone();
            }
        }

        return null;
    }

    /// <summary>Starts the CLI in the background (to signal or kill it part-way).</summary>
    public RunningCli Start(params string[] arguments) => StartWith(new Dictionary<string, string>(), arguments);

    /// <summary>Starts the CLI in the background with extra environment variables.</summary>
    public RunningCli StartWith(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment)
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

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        return new RunningCli(Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start"));
    }
}
