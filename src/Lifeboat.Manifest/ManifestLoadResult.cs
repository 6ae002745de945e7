namespace Lifeboat.Manifest;

/// <summary>A loaded manifest, or every problem that stopped it from loading (never both).</summary>
public sealed record ManifestLoadResult(LifeboatManifest? Manifest, IReadOnlyList<ManifestProblem> Problems)
{
    public bool IsValid => Manifest is not null && Problems.Count == 0;

    /// <summary>The manifest; or a <see cref="ManifestException"/> listing every problem.</summary>
    public LifeboatManifest GetManifestOrThrow() => IsValid ? Manifest! : throw new ManifestException(Problems);
}
