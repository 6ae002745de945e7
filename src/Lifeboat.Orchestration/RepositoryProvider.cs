using Lifeboat.Manifest;
using Lifeboat.Storage;

namespace Lifeboat.Orchestration;

/// <summary>
/// Opens the manifest's repositories by name, once each, and keeps them open
/// for the command's lifetime. Passwords come from the repository's secret, else from the fallback
/// (the command line's --password-file / environment).
/// </summary>
public sealed class RepositoryProvider(
    LifeboatManifest manifest,
    BackendRegistry registry,
    Func<CancellationToken, Task<string>>? fallbackPassword = null) : IAsyncDisposable
{
    private readonly Dictionary<string, Task<Repository.Repository>> _open = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public LifeboatManifest Manifest { get; } = manifest;

    /// <summary>The repository a service stores its snapshots in.</summary>
    public Task<Repository.Repository> ForServiceAsync(ServiceConfig service, CancellationToken cancellationToken = default) =>
        GetAsync(service.Repository, cancellationToken);

    /// <exception cref="ConfigurationException">No such repository in the manifest, or no password.</exception>
    public Task<Repository.Repository> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_open.TryGetValue(name, out var task) || task.IsFaulted || task.IsCanceled)
            {
                _open[name] = task = OpenAsync(name, cancellationToken);
            }

            return task;
        }
    }

    /// <summary>The repository's location for display (type and place, no credentials).</summary>
    public string Describe(string name)
    {
        if (!Manifest.Repositories.TryGetValue(name, out var config))
        {
            return name;
        }

        var (scheme, location) = BackendRegistry.Split(config.Url.Redacted);
        return $"{scheme}:{BackendRegistry.Redact(location)}";
    }

    public async ValueTask DisposeAsync()
    {
        List<Task<Repository.Repository>> open;
        lock (_lock)
        {
            open = [.. _open.Values];
            _open.Clear();
        }

        foreach (var task in open)
        {
            if (task.IsCompletedSuccessfully)
            {
                await task.Result.DisposeAsync();
            }
        }
    }

    private async Task<Repository.Repository> OpenAsync(string name, CancellationToken cancellationToken)
    {
        if (!Manifest.Repositories.TryGetValue(name, out var config))
        {
            throw new ConfigurationException($"repository '{name}' is not declared in the manifest");
        }

        string password;
        if (config.Password is { } secret)
        {
            password = (await secret.ResolveAsync(cancellationToken)).Reveal();
        }
        else if (fallbackPassword is not null)
        {
            password = await fallbackPassword(cancellationToken);
        }
        else
        {
            throw new ConfigurationException($"repository '{name}' has no password: set password_file or password_command in the manifest");
        }

        var backend = registry.Open(config.Url.Reveal());
        // The index is loaded by each operation once it holds its lock (Repository.ReloadIndexAsync).
        return await Repository.Repository.OpenAsync(backend, password, cancellationToken);
    }
}
