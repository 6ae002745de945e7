using Lifeboat.Manifest;
using Lifeboat.Sources.Command;
using Lifeboat.Sources.Tests.Conformance;

namespace Lifeboat.Sources.Tests.Command;

/// <summary>
/// The conformance suite for a command source: the "service" is a state file that the backup command
/// prints (<c>cat</c>) and the restore command writes from its input.
/// </summary>
public sealed class CommandConformanceTests : SourceConformanceTests
{
    private string StatePath => Temp.Combine("live", "state.rdb");

    protected override Task<IDataSource> CreateSourceAsync()
    {
        Directory.CreateDirectory(Temp.Combine("live"));
        File.WriteAllBytes(StatePath, Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7 % 253)).ToArray());
        return Task.FromResult<IDataSource>(new CommandSource(Config(["sh", "-c", "cat \"$0\"", StatePath])));
    }

    protected override Task MutateAsync() => File.WriteAllTextAsync(StatePath, "a different state");

    protected override Task<string> FingerprintLiveAsync() => Task.FromResult(Fingerprint(StatePath));

    protected override Task<string> FingerprintAsync(RestoredLocation location) => Task.FromResult(Fingerprint(location.Path!));

    protected override Task<bool> ExistsAsync(RestoredLocation location) => Task.FromResult(File.Exists(location.Path));

    /// <summary>The state saved for a rollback must be gone after commit or rollback.</summary>
    protected override Task<IReadOnlyList<string>> LeftoversAsync() =>
        Task.FromResult<IReadOnlyList<string>>(Directory.EnumerateFiles(Temp.Path, "*.previous", SearchOption.AllDirectories).ToList());

    protected override Task<FailingCapture> CreateFailingSourceAsync() => Task.FromResult(new FailingCapture(
        new CommandSource(Config(["sh", "-c", "echo partial output; echo 'boom: cannot reach the server' >&2; exit 3"])),
        null,
        "failed with exit code 3: boom: cannot reach the server",
        DiagnoseFindsIt: false));

    private CommandSourceConfig Config(string[] backup) => new()
    {
        Name = "cache",
        Backup = new CommandLine(backup),
        Restore = new CommandLine(["sh", "-c", "cat > \"$0\"", StatePath]),
        Filename = "dump.rdb",
    };

    private static string Fingerprint(string path) => File.Exists(path) ? TreeFingerprint.Sha256(path) : "missing";
}
