namespace Lifeboat.Cli.Tests;

/// <summary>Every command answers --help, also those with required arguments or options.</summary>
public sealed class HelpTests
{
    public static TheoryData<string> Commands() =>
    [
        "backup", "restore", "restore-all", "list", "forget", "drill", "check", "status", "doctor", "config",
        "config validate", "config schema", "support-bundle", "demo",
        "repo init", "repo backup", "repo snapshots", "repo ls", "repo restore", "repo dump", "repo cat",
        "repo check", "repo forget", "repo prune", "repo key", "repo copy", "repo unlock", "repo repair",
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_of_every_command_prints_its_usage_and_exits_0(string command)
    {
        var cli = new LifeboatCli(repository: "/nonexistent", password: "unused");

        var result = await cli.RunAsync([.. command.Split(' '), "--help"]);

        Assert.True(result.ExitCode == 0, $"{command} --help exited {result.ExitCode}: {result.StandardError}");
        Assert.Contains("Usage:", result.StandardOutput);
        Assert.Contains($"lifeboat {command}", result.StandardOutput);
        Assert.Equal(string.Empty, result.StandardError);
    }

    [Fact]
    public async Task A_missing_required_argument_without_help_is_still_a_usage_error()
    {
        var cli = new LifeboatCli(repository: "/nonexistent", password: "unused");

        var result = await cli.RunAsync("restore");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("SERVICE", result.StandardError, StringComparison.OrdinalIgnoreCase);
    }
}
