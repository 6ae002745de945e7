using Lifeboat.Manifest;
using Lifeboat.Sources.Files;
using Lifeboat.Sources.Tests.Conformance;

namespace Lifeboat.Sources.Tests.Files;

/// <summary>The conformance suite for a directory: nested files, modes, an empty directory, a symlink, binary content.</summary>
public sealed class FilesConformanceTests : SourceConformanceTests
{
    private string LivePath => Temp.Combine("live", "uploads");

    protected override Task<IDataSource> CreateSourceAsync()
    {
        Temp.WriteFile("live/uploads/readme.txt", "hello ✓\n");
        Temp.WriteFile("live/uploads/2024/01/report.pdf", new string('x', 5000));
        File.WriteAllBytes(Temp.Combine("live/uploads/2024/01/photo.jpg"), Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31 % 251)).ToArray());
        File.SetUnixFileMode(Temp.Combine("live/uploads/2024/01/photo.jpg"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Temp.CreateDirectory("live/uploads/empty");
        File.CreateSymbolicLink(Temp.Combine("live/uploads/latest"), "2024/01/report.pdf");
        File.SetUnixFileMode(LivePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return Task.FromResult<IDataSource>(new FilesSource(new FilesSourceConfig { Name = "uploads", Path = LivePath, Exclude = ["tmp/**"] }));
    }

    protected override Task MutateAsync()
    {
        File.Delete(Temp.Combine("live/uploads/readme.txt"));
        File.WriteAllText(Temp.Combine("live/uploads/2024/01/report.pdf"), "overwritten");
        Temp.WriteFile("live/uploads/new.txt", "added after the backup");
        Directory.Delete(Temp.Combine("live/uploads/empty"));
        File.SetUnixFileMode(LivePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return Task.CompletedTask;
    }

    protected override Task<string> FingerprintLiveAsync() => Task.FromResult(TreeFingerprint.Of(LivePath));

    protected override Task<string> FingerprintAsync(RestoredLocation location) => Task.FromResult(TreeFingerprint.Of(location.Path!));

    protected override Task<bool> ExistsAsync(RestoredLocation location) => Task.FromResult(Directory.Exists(location.Path));

    protected override Task<IReadOnlyList<string>> LeftoversAsync() => Task.FromResult(TreeFingerprint.LifeboatSiblings(LivePath));

    protected override Task<FailingCapture> CreateFailingSourceAsync() => Task.FromResult(new FailingCapture(
        new FilesSource(new FilesSourceConfig { Name = "uploads", Path = Temp.Combine("nowhere", "uploads") }), null, "does not exist"));
}
