using Lifeboat.Manifest;
using Lifeboat.Sources.Env;
using Lifeboat.Sources.Tests.Conformance;

namespace Lifeboat.Sources.Tests.Env;

/// <summary>
/// The conformance suite for a config slice (<c>keys:</c>): the data is the listed keys' assignments; a
/// restore merges them into the current file, which keeps its other lines.
/// </summary>
public sealed class EnvSliceConformanceTests : SourceConformanceTests
{
    private const string Secret = "s3cr3t-base-0123456789";
    private const string Token = "tok_abcdef";
    private static readonly string[] Keys = ["SECRET_KEY_BASE", "API_TOKEN"];

    private string LivePath => Temp.Combine("live", "app.env");

    protected override Task<IDataSource> CreateSourceAsync()
    {
        Temp.WriteFile("live/app.env", $"# app\nRAILS_ENV=production\nSECRET_KEY_BASE={Secret}\n# token for the API\nAPI_TOKEN='{Token}'\nWORKERS=4\n");
        return Task.FromResult<IDataSource>(new EnvSource(new EnvSourceConfig { Name = "env", Path = LivePath, Keys = [.. Keys] }));
    }

    protected override Task MutateAsync() =>
        File.WriteAllTextAsync(LivePath, "# app, edited\nRAILS_ENV=staging\nSECRET_KEY_BASE=rotated-by-mistake\nWORKERS=8\n");

    protected override Task<string> FingerprintLiveAsync() => Task.FromResult(Fingerprint(LivePath));

    protected override Task<string> FingerprintAsync(RestoredLocation location) => Task.FromResult(Fingerprint(location.Path!));

    protected override Task<bool> ExistsAsync(RestoredLocation location) => Task.FromResult(File.Exists(location.Path));

    protected override Task<IReadOnlyList<string>> LeftoversAsync() => Task.FromResult(TreeFingerprint.LifeboatSiblings(LivePath));

    protected override Task<FailingCapture> CreateFailingSourceAsync()
    {
        var path = Temp.WriteFile("other/app.env", $"SECRET_KEY_BASE={Secret}\n");
        var config = new EnvSourceConfig { Name = "env", Path = path, Keys = ["SECRET_KEY_BASE", "MISSING_KEY"] };
        return Task.FromResult(new FailingCapture(new EnvSource(config), Secret, "does not set MISSING_KEY"));
    }

    protected override IEnumerable<string> Secrets() => [Secret, Token];

    /// <summary>Only the listed keys' assignments: what the slice is about.</summary>
    private static string Fingerprint(string path)
    {
        if (!File.Exists(path))
        {
            return "missing";
        }

        var file = EnvFile.Parse(File.ReadAllText(path));
        return string.Join("|", Keys.Select(k => file.Find(k)?.Text ?? $"{k} unset"));
    }
}
