using System.Text.Json;

namespace Lifeboat.Testing;

/// <summary>
/// Runs the real <c>restic</c> program against one repository, for interoperability tests. The
/// repository and password travel in the environment (RESTIC_REPOSITORY, RESTIC_PASSWORD), never on
/// the command line; restic variables inherited from the test host are removed; the cache lives in a
/// private temporary directory removed by <see cref="Dispose"/>. Thread-safe as far as restic itself
/// allows concurrent commands on a repository.
/// </summary>
public sealed class ResticCli : IDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Inherited variables that would change which repository or password restic uses, or how it writes.</summary>
    private static readonly string[] InheritedVariables =
    [
        "RESTIC_REPOSITORY_FILE", "RESTIC_PASSWORD_FILE", "RESTIC_PASSWORD_COMMAND", "RESTIC_KEY_HINT",
        "RESTIC_FROM_REPOSITORY", "RESTIC_FROM_REPOSITORY_FILE", "RESTIC_FROM_PASSWORD", "RESTIC_FROM_PASSWORD_FILE",
        "RESTIC_FROM_PASSWORD_COMMAND", "RESTIC_FROM_KEY_HINT", "RESTIC_COMPRESSION", "RESTIC_PACK_SIZE",
        "RESTIC_CACERT", "RESTIC_TLS_CLIENT_CERT", "RESTIC_HOST", "RESTIC_READ_CONCURRENCY",
    ];

    private readonly TempDirectory _cache = new("restic-cache");

    /// <param name="repository">A repository location as restic takes it: a local path or <c>backend:location</c>.</param>
    public ResticCli(string repository, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(password);
        Repository = repository;
        Password = password;
        var environment = InheritedVariables.ToDictionary(name => name, _ => (string?)null);
        environment["RESTIC_REPOSITORY"] = repository;
        environment["RESTIC_PASSWORD"] = password;
        environment["RESTIC_CACHE_DIR"] = _cache.Path;
        Environment = environment;
    }

    public string Repository { get; }

    public string Password { get; }

    /// <summary>The restic program: a path, or a name looked up on PATH (the default, <c>restic</c>).</summary>
    public string Executable { get; init; } = "restic";

    /// <summary>How long one restic command may run (also when options passed to <see cref="RunAsync(IEnumerable{string}, ProcessOptions, CancellationToken)"/> keep the default timeout).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The environment restic runs with (null values are removed from the inherited environment).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    /// <summary>Runs restic with these arguments; a failure exit code is returned, not thrown.</summary>
    public Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, ProcessOptions.Default);

    /// <summary>
    /// Runs restic with these arguments and options (standard input for <c>backup --stdin</c>, a timeout,
    /// extra variables). The repository's variables override the options' environment.
    /// </summary>
    public Task<ProcessResult> RunAsync(IEnumerable<string> arguments, ProcessOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var environment = new Dictionary<string, string?>(options.Environment);
        foreach (var (name, value) in Environment)
        {
            environment[name] = value;
        }

        var timeout = options.Timeout == ProcessOptions.Default.Timeout ? Timeout : options.Timeout;
        return ProcessRunner.RunAsync(Executable, arguments, options with { Environment = environment, Timeout = timeout }, cancellationToken);
    }

    /// <summary>Runs restic and throws <see cref="ProcessFailedException"/> (with restic's standard error) unless it exits 0.</summary>
    public async Task<ProcessResult> RunCheckedAsync(params string[] arguments) => (await RunAsync(arguments)).EnsureSuccess();

    /// <summary>Runs restic with <c>--json</c> appended and parses its standard output as one JSON document.</summary>
    public async Task<JsonDocument> RunJsonDocumentAsync(params string[] arguments)
    {
        var result = await RunCheckedAsync([.. arguments, "--json"]);
        return JsonDocument.Parse(result.StandardOutputBytes);
    }

    /// <summary>Runs restic with <c>--json</c> appended and deserialises standard output (snake_case names, as restic writes them).</summary>
    public async Task<T> RunJsonAsync<T>(params string[] arguments)
    {
        var result = await RunCheckedAsync([.. arguments, "--json"]);
        return JsonSerializer.Deserialize<T>(result.StandardOutputBytes.Span, JsonOptions)
            ?? throw new InvalidOperationException($"{result.CommandLine} printed null.");
    }

    /// <summary>Creates the repository in the given format version (2 compresses, 1 is the original format).</summary>
    public async Task InitAsync(int version = 2, CancellationToken cancellationToken = default) =>
        (await RunAsync(["init", "--repository-version", version.ToString()], ProcessOptions.Default, cancellationToken)).EnsureSuccess();

    /// <summary>Backs up <paramref name="path"/> and returns the new snapshot's full id.</summary>
    public async Task<string> BackupAsync(string path, params string[] extraArguments)
    {
        var result = await RunCheckedAsync(["backup", "--json", .. extraArguments, "--", path]);
        string? snapshotId = null;
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var message = JsonDocument.Parse(line);
            if (message.RootElement.TryGetProperty("message_type", out var type) && type.GetString() == "summary" &&
                message.RootElement.TryGetProperty("snapshot_id", out var id))
            {
                snapshotId = id.GetString();
            }
        }

        if (string.IsNullOrEmpty(snapshotId))
        {
            throw new InvalidOperationException($"{result.CommandLine} printed no summary with a snapshot id:\n{MessageText.Tail(result.StandardOutput)}");
        }

        // Older restic versions report the short id in the summary.
        var snapshots = await RunJsonAsync<List<ResticSnapshot>>("snapshots", snapshotId);
        return snapshots.Single().Id;
    }

    /// <summary>Every snapshot in the repository, as <c>restic snapshots --json</c> lists them.</summary>
    public async Task<IReadOnlyList<ResticSnapshot>> SnapshotsAsync(params string[] extraArguments) =>
        await RunJsonAsync<List<ResticSnapshot>>(["snapshots", .. extraArguments]);

    /// <summary>Restores a snapshot (id, prefix or <c>latest</c>) into <paramref name="target"/>.</summary>
    public async Task RestoreAsync(string snapshot, string target, params string[] extraArguments) =>
        await RunCheckedAsync(["restore", snapshot, "--target", target, .. extraArguments]);

    /// <summary>Runs <c>restic check</c> (with <c>--read-data</c> when asked); throws <see cref="ProcessFailedException"/> when it finds errors.</summary>
    public async Task CheckAsync(bool readData = false, CancellationToken cancellationToken = default) =>
        (await RunAsync(readData ? ["check", "--read-data"] : ["check"], ProcessOptions.Default, cancellationToken)).EnsureSuccess();

    /// <summary>Removes the private cache directory.</summary>
    public void Dispose() => _cache.Dispose();
}
