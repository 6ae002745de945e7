using System.Security.Cryptography;
using Lifeboat.Manifest;
using Lifeboat.Orchestration;
using Lifeboat.Repository;
using Lifeboat.Repository.Crypto;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Storage;
using Lifeboat.Storage.Local;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Services.Support;

/// <summary>
/// One test's host, as an operator has it: a directory holding <c>lifeboat.yaml</c>, the service data
/// and a local repository (initialised in-process with a cheap key, so that every command opens it in
/// milliseconds) whose password is in a file the manifest names. Runs the built CLI there
/// (<see cref="RunAsync(string[])"/>) with the manifest's variables in its environment; sets up
/// history in-process where a test needs snapshots at past times.
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

    /// <summary>The variables the manifest's <c>${VAR}</c> read: the CLI's environment, and the in-process loader's.</summary>
    public Dictionary<string, string> Variables { get; } = [];

    public static async Task<ServiceLab> CreateAsync(string purpose = "cli-services")
    {
        var directory = new TempDirectory(purpose);
        var password = "repo-pw-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        directory.WriteFile("repository-password", password + "\n");
        await InitRepositoryAsync(directory.Combine("repo"), password);
        return new ServiceLab(directory, password);
    }

    /// <summary>A new repository with a cheap key (what <c>lifeboat repo init</c> makes, faster to open).</summary>
    public static async Task InitRepositoryAsync(string path, string password)
    {
        await using (await RepositoryInitializer.InitAsync(new LocalBackend(path), password, kdf: CheapKey))
        {
        }
    }

    public string Combine(params string[] parts) => Directory.Combine(parts);

    /// <summary>The tracker service (PostgreSQL, MariaDB, SQLite, files, .env, a command) in this lab, its variables set.</summary>
    public async Task<TrackerService> CreateTrackerAsync(PostgreSqlServer postgres, MariaDbServer mariaDb)
    {
        var tracker = await TrackerService.CreateAsync(this, postgres, mariaDb);
        foreach (var (name, value) in tracker.Variables)
        {
            Variables[name] = value;
        }

        return tracker;
    }

    /// <summary>Writes <see cref="Header"/> plus <paramref name="services"/> as the lab's manifest.</summary>
    public void WriteManifest(string services) => File.WriteAllText(ManifestPath, Header + services);

    /// <summary>Loads the lab's manifest in-process (to set up history with an injected clock).</summary>
    public Task<LifeboatManifest> LoadAsync() =>
        ManifestLoader.LoadAsync(ManifestPath, new ManifestLoadOptions { Variables = new VariableDictionary(Variables) });

    /// <summary>The manifest's repositories, opened in-process (closed with the lab).</summary>
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

    /// <summary>Opens the repository afresh, index loaded.</summary>
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

    /// <summary><c>lifeboat ARGUMENTS -c lifeboat.yaml</c> in the lab's directory.</summary>
    public Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(new Dictionary<string, string?>(), arguments);

    /// <summary>Like <see cref="RunAsync(string[])"/> with more environment variables (null removes one).</summary>
    public Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        ServiceCli.RunAsync([.. arguments, "-c", ManifestPath], Directory.Path, Environment(environment));

    /// <summary>Starts <c>lifeboat ARGUMENTS -c lifeboat.yaml</c> in the background (to kill it part-way).</summary>
    public ServiceCliProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        ServiceCli.Start([.. arguments, "-c", ManifestPath], Directory.Path, Environment(environment));

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

    private Dictionary<string, string?> Environment(IReadOnlyDictionary<string, string?> extra)
    {
        var environment = Variables.ToDictionary(v => v.Key, v => (string?)v.Value);
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }
}
