using System.Security.Cryptography;
using Lifeboat.Manifest;
using Lifeboat.Repository;
using Lifeboat.Repository.Crypto;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Storage;
using Lifeboat.Storage.Local;
using Lifeboat.Testing;

namespace Lifeboat.Orchestration.Tests.Support;

/// <summary>
/// One test's host: a temporary directory holding the manifest, the service data and a local
/// repository (initialised with a cheap key so that every open takes milliseconds), with the
/// repository password in a file the manifest names. Opens what the orchestration needs and closes it
/// all on dispose.
/// </summary>
internal sealed class ServiceLab : IServiceHost, IAsyncDisposable
{
    /// <summary>The manifest's first lines: the lab's repository; services follow.</summary>
    public const string Header = """
        version: 1
        repositories:
          local: { url: ./repo, password_file: ./repository-password }
        services:

        """;

    private static readonly KdfParameters CheapKey = new(1024, 8, 1);
    private readonly List<IAsyncDisposable> _open = [];
    private readonly List<IDisposable> _disposables = [];

    private ServiceLab(TempDirectory directory, string password)
    {
        Directory = directory;
        Password = password;
    }

    public TempDirectory Directory { get; }

    /// <summary>The repository password (a secret: it must never appear in output or metadata).</summary>
    public string Password { get; }

    public string RepositoryPath => Directory.Combine("repo");

    public string ManifestPath => Directory.Combine("lifeboat.yaml");

    public static async Task<ServiceLab> CreateAsync(string purpose = "services")
    {
        var directory = new TempDirectory(purpose);
        var password = "repo-pw-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        directory.WriteFile("repository-password", password + "\n");
        await using (await RepositoryInitializer.InitAsync(new LocalBackend(directory.Combine("repo")), password, kdf: CheapKey))
        {
        }

        return new ServiceLab(directory, password);
    }

    public string Combine(params string[] parts) => Directory.Combine(parts);

    /// <summary>Where the commands of <see cref="StopStart"/> write "stop" and "start", one per line.</summary>
    public string EventsPath => Directory.Combine("events.log");

    /// <summary>A service's <c>stop</c> and <c>start</c> keys (for a service key indented by four spaces) that log to <see cref="EventsPath"/>.</summary>
    public string StopStart => $"stop: [sh, -c, \"echo stop >> {EventsPath}\"]\n    start: [sh, -c, \"echo start >> {EventsPath}\"]";

    /// <summary>What the service's stop and start commands logged, in order.</summary>
    public string[] Events() => File.Exists(EventsPath) ? File.ReadAllLines(EventsPath) : [];

    /// <summary>Writes <see cref="Header"/> plus <paramref name="services"/> as the lab's manifest and loads it.</summary>
    public Task<LifeboatManifest> LoadAsync(string services, IReadOnlyDictionary<string, string>? variables = null) =>
        LoadManifestAsync(ManifestPath, Header + services, variables);

    /// <summary>Writes a manifest anywhere (another host's configuration) and loads it.</summary>
    public static async Task<LifeboatManifest> LoadManifestAsync(string path, string text, IReadOnlyDictionary<string, string>? variables = null)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, text);
        var options = new ManifestLoadOptions { Variables = new VariableDictionary(variables ?? new Dictionary<string, string>()) };
        return await ManifestLoader.LoadAsync(path, options);
    }

    /// <summary>The manifest's repositories, opened as a command would (closed with the lab).</summary>
    public RepositoryProvider Repositories(LifeboatManifest manifest)
    {
        var provider = new RepositoryProvider(manifest, BackendRegistry.CreateDefault());
        _open.Add(provider);
        return provider;
    }

    /// <summary>The real restic program on the lab's repository.</summary>
    public ResticCli Restic()
    {
        var restic = new ResticCli(RepositoryPath, Password);
        _disposables.Add(restic);
        return restic;
    }

    /// <summary>Opens the repository afresh (not through a provider that may cache), index loaded.</summary>
    public async Task<Repository.Repository> OpenRepositoryAsync()
    {
        var repository = await Repository.Repository.OpenAsync(new LocalBackend(RepositoryPath), Password);
        _open.Add(repository);
        await repository.LoadIndexAsync();
        return repository;
    }

    /// <summary>A service's backup snapshots (no evidence), oldest first, read afresh.</summary>
    public async Task<List<Snapshot>> SnapshotsAsync(string service) =>
        await ServiceSnapshots.ListAsync(await OpenRepositoryAsync(), service);

    public async ValueTask DisposeAsync()
    {
        foreach (var open in Enumerable.Reverse(_open))
        {
            await open.DisposeAsync();
        }

        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        Directory.Dispose();
    }
}
