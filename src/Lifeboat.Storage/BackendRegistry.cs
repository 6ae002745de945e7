using Lifeboat.Storage.Local;

namespace Lifeboat.Storage;

/// <summary>
/// Picks a backend from a repository string, as restic does: <c>/path</c> or <c>local:/path</c> for a
/// local directory; remote schemes (<c>s3:</c>, <c>sftp:</c>, <c>rest:</c>) are registered by their
/// projects. Registration is explicit, in one place per application (no reflection).
/// </summary>
public sealed class BackendRegistry
{
    private readonly Dictionary<string, Func<string, IBackend>> _factories = new(StringComparer.Ordinal);

    /// <summary>A registry that knows the local backend.</summary>
    public static BackendRegistry CreateDefault()
    {
        var registry = new BackendRegistry();
        registry.Register("local", path => new LocalBackend(path));
        return registry;
    }

    /// <summary>Registers <paramref name="factory"/> for repository strings "<paramref name="scheme"/>:...".</summary>
    public void Register(string scheme, Func<string, IBackend> factory) => _factories[scheme] = factory;

    /// <summary>Opens the backend for <paramref name="repository"/>.</summary>
    /// <exception cref="ConfigurationException">The string is empty or names an unknown scheme.</exception>
    public IBackend Open(string repository)
    {
        if (string.IsNullOrWhiteSpace(repository))
        {
            throw new ConfigurationException("no repository given: use -r/--repo, $LIFEBOAT_REPOSITORY or $RESTIC_REPOSITORY");
        }

        var (scheme, rest) = Split(repository);
        if (!_factories.TryGetValue(scheme, out var factory))
        {
            throw new ConfigurationException(
                $"unsupported repository type '{scheme}' in '{Redact(repository)}' (supported: {string.Join(", ", _factories.Keys.Order())})");
        }

        if (rest.Length == 0)
        {
            throw new ConfigurationException($"repository '{repository}' has no location after '{scheme}:'");
        }

        return factory(rest);
    }

    /// <summary>Splits "scheme:rest"; strings without a known-looking scheme are local paths.</summary>
    public static (string Scheme, string Location) Split(string repository)
    {
        var colon = repository.IndexOf(':', StringComparison.Ordinal);
        if (colon > 1 && repository[..colon].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
        {
            return (repository[..colon], repository[(colon + 1)..]);
        }

        return ("local", repository);
    }

    /// <summary>The repository string without credentials (user:password@ in URLs).</summary>
    public static string Redact(string repository)
    {
        var at = repository.IndexOf('@', StringComparison.Ordinal);
        var scheme = repository.IndexOf("://", StringComparison.Ordinal);
        if (at > 0 && scheme >= 0 && scheme < at)
        {
            var credentials = repository[(scheme + 3)..at];
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                return repository[..(scheme + 3)] + credentials[..colon] + ":[redacted]" + repository[at..];
            }
        }

        return repository;
    }
}
