namespace Lifeboat.Manifest;

/// <summary>
/// A validated manifest: repositories, defaults and services from <c>lifeboat.yaml</c> and the files it
/// includes. Every name it mentions is declared, every service has a repository (its own, the default,
/// or the only one), and <see cref="Defaults"/> are already applied to each service. Immutable; load it
/// with <see cref="ManifestLoader"/>.
/// </summary>
public sealed record LifeboatManifest
{
    /// <summary>The manifest format version (1).</summary>
    public int Version { get; init; } = 1;

    public NamedMap<RepositoryConfig> Repositories { get; init; } = NamedMap<RepositoryConfig>.Empty;

    /// <summary>The defaults as declared (already applied to <see cref="Services"/>).</summary>
    public DefaultsConfig Defaults { get; init; } = new();

    /// <summary>Services in declaration order (main file first, then included files in include order).</summary>
    public NamedMap<ServiceConfig> Services { get; init; } = NamedMap<ServiceConfig>.Empty;

    /// <summary>The files read: the main manifest first, then every included file.</summary>
    public ValueList<string> Files { get; init; } = [];

    /// <summary>Secrets met while loading; not part of equality.</summary>
    internal ValueList<SecretValue> KnownSecrets { get; init; } = [];

    /// <summary>
    /// Replaces in <paramref name="text"/> every secret this manifest holds (values of secret-looking
    /// variables, passwords given through <c>${VAR}</c>, passwords in URLs) by <c>[redacted]</c>: a
    /// backstop for messages, logs and command output that may echo a configured value. Secrets shorter
    /// than 4 characters are left alone (they would mangle ordinary text). Files and commands are not
    /// read; pass their resolved values to <see cref="SecretValue"/>-aware code instead.
    /// </summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in KnownSecrets.Select(s => s.Reveal()).Where(s => s.Length >= 4).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, SecretValue.Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    public bool Equals(LifeboatManifest? other) =>
        other is not null
        && Version == other.Version
        && Repositories.Equals(other.Repositories)
        && Defaults.Equals(other.Defaults)
        && Services.Equals(other.Services)
        && Files.Equals(other.Files);

    public override int GetHashCode() => HashCode.Combine(Version, Repositories, Defaults, Services, Files);

    /// <summary>
    /// Services in restore order: a service comes after everything it depends on; among services whose
    /// dependencies are met, lower <see cref="ServiceConfig.Priority"/> first, then declaration order.
    /// </summary>
    public IReadOnlyList<ServiceConfig> RestoreOrder()
    {
        var declared = Services.Values.Select((service, index) => (service, index)).ToDictionary(x => x.service.Name, x => x.index);
        var remaining = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var service in Services.Values)
        {
            remaining[service.Name] = service.DependsOn.Count(Services.ContainsKey);
        }

        var ready = new PriorityQueue<ServiceConfig, (int Priority, int Index)>();
        foreach (var service in Services.Values.Where(s => remaining[s.Name] == 0))
        {
            ready.Enqueue(service, (service.Priority, declared[service.Name]));
        }

        var order = new List<ServiceConfig>();
        while (ready.TryDequeue(out var next, out _))
        {
            order.Add(next);
            foreach (var dependent in Services.Values.Where(s => s.DependsOn.Contains(next.Name)))
            {
                if (--remaining[dependent.Name] == 0)
                {
                    ready.Enqueue(dependent, (dependent.Priority, declared[dependent.Name]));
                }
            }
        }

        return order;
    }
}
