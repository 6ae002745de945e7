using Lifeboat.Cli.Tests.Services.Support;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Services;

/// <summary><c>lifeboat demo</c>, the README's first command: on nothing but .NET, in under 30 seconds, the data comes back and a drill passes.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_shows_the_data_back_and_a_passing_drill_in_under_30_seconds()
    {
        using var directory = new TempDirectory("demo");
        var workingDirectory = directory.Combine("demo");

        var demo = await ServiceCli.RunAsync(["demo", "--dir", workingDirectory], directory.Path, new Dictionary<string, string?>());

        Assert.True(demo.ExitCode == 0, demo.StandardOutput + demo.StandardError);
        Assert.True(demo.Elapsed < TimeSpan.FromSeconds(30), $"the demo took {demo.Elapsed.TotalSeconds:0.0} s:\n{demo.StandardOutput}");
        Assert.Matches(@"(?m)^  pages: \d+, uploads: 12, \.env edited$", demo.StandardOutput);
        Assert.Matches(@"(?m)^  pages: \d+, uploads: 24, \.env: restored$", demo.StandardOutput);
        Assert.Matches(@"(?m)^  drill passed: restore took .*, 4/4 checks passed; the live data was not touched$", demo.StandardOutput);
        Assert.Contains("What to try next:", demo.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(workingDirectory, "lifeboat.yaml")));

        // What the demo leaves is a working setup: its own manifest lists the backup and the safety snapshot.
        var list = await ServiceCli.RunAsync(["list", "wiki", "-c", Path.Combine(workingDirectory, "lifeboat.yaml")], workingDirectory, new Dictionary<string, string?>());
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("2 snapshots", list.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("pre-restore", list.StandardOutput, StringComparison.Ordinal);
    }
}
