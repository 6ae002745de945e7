using Lifeboat.Manifest.Loading;

namespace Lifeboat.Manifest;

/// <summary>
/// Reads <c>lifeboat.yaml</c> and the files it includes into a validated <see cref="LifeboatManifest"/>.
/// Every problem in every file is collected (YAML syntax, unknown keys with "did you mean" hints, wrong
/// types, missing keys, bad durations and cron expressions, undeclared names, dependency cycles,
/// duplicate names across files) and reported together with file:line:column. Stateless and
/// thread-safe; secrets in <c>*_file</c>/<c>*_command</c> are not read here but when used.
/// </summary>
public static class ManifestLoader
{
    /// <summary>The manifest read when no <c>--config</c> is given.</summary>
    public const string DefaultFileName = "lifeboat.yaml";

    /// <summary>Loads and validates a manifest.</summary>
    /// <exception cref="ManifestException">The manifest has problems (all of them are listed).</exception>
    /// <exception cref="ConfigurationException">The manifest file does not exist or cannot be read.</exception>
    public static async Task<LifeboatManifest> LoadAsync(string path, ManifestLoadOptions? options = null, CancellationToken cancellationToken = default) =>
        (await TryLoadAsync(path, options, cancellationToken)).GetManifestOrThrow();

    /// <summary>Loads a manifest, returning its problems instead of throwing them.</summary>
    /// <exception cref="ConfigurationException">The manifest file does not exist or cannot be read.</exception>
    public static async Task<ManifestLoadResult> TryLoadAsync(string path, ManifestLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = await ReadMainAsync(path, cancellationToken);
        return await ParseAsync(text, path, options, cancellationToken);
    }

    /// <summary>
    /// Validates manifest text as if it were the file <paramref name="path"/> (which need not exist);
    /// includes and relative paths are resolved against the directory of <paramref name="path"/>.
    /// </summary>
    public static Task<ManifestLoadResult> ParseAsync(string text, string path = DefaultFileName, ManifestLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        return new ManifestComposer(options ?? ManifestLoadOptions.Default).ComposeAsync(text, path, cancellationToken);
    }

    internal static async Task<string> ReadMainAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigurationException($"manifest {path} not found")
            {
                Hint = "pass --config FILE, or write a lifeboat.yaml (see docs/manifest.md)",
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read manifest {path}: {(ex is UnauthorizedAccessException ? "permission denied" : ex.Message)}");
        }
    }
}
