using Lifeboat.Manifest;
using Lifeboat.Sources.Env;
using Lifeboat.Sources.Tests.Conformance;

namespace Lifeboat.Sources.Tests.Env;

/// <summary>The conformance suite for a whole .env file.</summary>
public sealed class EnvConformanceTests : SourceConformanceTests
{
    private const string Secret = "sk_live_9f8e7d6c5b4a";

    private string LivePath => Temp.Combine("live", ".env");

    protected override Task<IDataSource> CreateSourceAsync()
    {
        Temp.WriteFile("live/.env", $"# production settings\nRAILS_ENV=production\nSECRET_KEY_BASE={Secret}\n\nexport DATABASE_URL=\"postgres://app@db/app\"\n");
        File.SetUnixFileMode(LivePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return Task.FromResult<IDataSource>(new EnvSource(new EnvSourceConfig { Name = "env", Path = LivePath }));
    }

    protected override Task MutateAsync() => File.WriteAllTextAsync(LivePath, "RAILS_ENV=development\n");

    protected override Task<string> FingerprintLiveAsync() => Task.FromResult(Fingerprint(LivePath));

    protected override Task<string> FingerprintAsync(RestoredLocation location) => Task.FromResult(Fingerprint(location.Path!));

    protected override Task<bool> ExistsAsync(RestoredLocation location) => Task.FromResult(File.Exists(location.Path));

    protected override Task<IReadOnlyList<string>> LeftoversAsync() => Task.FromResult(TreeFingerprint.LifeboatSiblings(LivePath));

    protected override Task<FailingCapture> CreateFailingSourceAsync() => Task.FromResult(new FailingCapture(
        new EnvSource(new EnvSourceConfig { Name = "env", Path = Temp.Combine("nowhere", ".env") }), null, "no such file"));

    protected override IEnumerable<string> Secrets() => [Secret];

    /// <summary>The file's content and permissions (an .env stays private after a restore).</summary>
    private static string Fingerprint(string path) =>
        File.Exists(path) ? $"{Convert.ToString((int)File.GetUnixFileMode(path), 8)} {File.ReadAllText(path)}" : "missing";
}
