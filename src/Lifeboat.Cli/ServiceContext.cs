using Lifeboat.Cli.Output;
using Lifeboat.Manifest;
using Lifeboat.Orchestration;

namespace Lifeboat.Cli;

/// <summary>
/// What the service commands share: the validated manifest (every command validates first), its
/// repositories opened on demand, and an operator log on the console.
/// </summary>
internal sealed class ServiceContext : IAsyncDisposable
{
    private ServiceContext(CommandContext command, LifeboatManifest manifest)
    {
        Command = command;
        Manifest = manifest;
        Log = new ConsoleLog(command.Ui);
        Repositories = new RepositoryProvider(manifest, RepositoryAccess.Registry, _ => RepositoryAccess.ResolvePasswordAsync(command));
    }

    public CommandContext Command { get; }

    public LifeboatManifest Manifest { get; }

    public RepositoryProvider Repositories { get; }

    public IOperatorLog Log { get; }

    public static async Task<ServiceContext> LoadAsync(CommandContext command)
    {
        var manifest = await ManifestLoader.LoadAsync(command.ConfigPath, cancellationToken: command.CancellationToken);
        return new ServiceContext(command, manifest);
    }

    /// <summary>The named services (all when none is named), in declaration order.</summary>
    /// <exception cref="UsageException">A name the manifest does not declare.</exception>
    public IReadOnlyList<ServiceConfig> Select(IReadOnlyList<string> names, Func<ServiceConfig, bool>? defaultFilter = null)
    {
        if (names.Count == 0)
        {
            return Manifest.Services.Values.Where(defaultFilter ?? (_ => true)).ToList();
        }

        var selected = new List<ServiceConfig>();
        foreach (var name in names)
        {
            if (!Manifest.Services.TryGetValue(name, out var service))
            {
                throw new UsageException($"no service '{name}' in {Command.ConfigPath} (declared: {string.Join(", ", Manifest.Services.Keys)})");
            }

            selected.Add(service);
        }

        return selected;
    }

    public ValueTask DisposeAsync() => Repositories.DisposeAsync();

    private sealed class ConsoleLog(ConsoleUi ui) : IOperatorLog
    {
        public void Info(string message) => ui.Info(message);

        public void Warning(string message) => ui.Warning(message);

        public void Error(string message) => ui.Error(message);
    }
}
