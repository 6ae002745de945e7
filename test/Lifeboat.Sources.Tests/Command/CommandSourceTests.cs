using Lifeboat.Manifest;
using Lifeboat.Sources.Command;
using Lifeboat.Sources.Tests.Conformance;
using Lifeboat.Testing;

namespace Lifeboat.Sources.Tests.Command;

/// <summary>What only the command source does: missing programs, failing restore commands, rollback without a saved state.</summary>
public sealed class CommandSourceTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("commandsource");
    private SnapshotHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await SnapshotHarness.CreateAsync(_temp.Path);

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Diagnose_names_a_program_that_is_not_installed()
    {
        var source = new CommandSource(Config(["no-such-dump-tool", "--all"], ["sh", "-c", "cat > /dev/null"]));

        var problem = Assert.Single(await source.DiagnoseAsync());

        Assert.Contains("'no-such-dump-tool' is not installed", problem.Message, StringComparison.Ordinal);
        Assert.NotNull(problem.Hint);
        var error = await Assert.ThrowsAsync<SourceException>(() => _harness.CaptureAsync(source));
        Assert.Contains("cannot run no-such-dump-tool", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _harness.SnapshotCountAsync());
    }

    [Fact]
    public async Task A_failing_restore_command_says_why_and_puts_the_previous_state_back()
    {
        var state = _temp.WriteFile("state", "captured");
        var snapshot = await _harness.CaptureAsync(new CommandSource(Config(["cat", state], ["sh", "-c", "cat > \"$0\"", state])));
        await File.WriteAllTextAsync(state, "current");
        var failing = new CommandSource(Config(["cat", state], ["sh", "-c", "cat > \"$0\"; echo 'import failed: bad header' >&2; exit 4", state]));

        var error = await Assert.ThrowsAsync<SourceException>(() => failing.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())));

        Assert.Contains("failed with exit code 4: import failed: bad header", error.Message, StringComparison.Ordinal);
        Assert.Equal("current", await File.ReadAllTextAsync(state));
    }

    [Fact]
    public async Task Without_a_saved_state_a_rollback_says_it_cannot_and_points_at_the_safety_snapshot()
    {
        var state = _temp.WriteFile("state", "captured");
        var snapshot = await _harness.CaptureAsync(new CommandSource(Config(["cat", state], ["sh", "-c", "cat > \"$0\"", state])));
        var serviceStopped = new CommandSource(Config(["sh", "-c", "echo 'connection refused' >&2; exit 1"], ["sh", "-c", "cat > \"$0\"", state]));

        await using var restore = await serviceStopped.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace()));
        Assert.Equal("captured", await File.ReadAllTextAsync(state));
        Assert.Contains(_harness.Log, line => line.Contains("cannot be rolled back", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<SourceException>(() => restore.RollbackAsync());
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("safety snapshot", error.Hint, StringComparison.Ordinal);
    }

    private static CommandSourceConfig Config(string[] backup, string[] restore) => new()
    {
        Name = "cache",
        Backup = new CommandLine(backup),
        Restore = new CommandLine(restore),
        Filename = "dump.bin",
    };
}
