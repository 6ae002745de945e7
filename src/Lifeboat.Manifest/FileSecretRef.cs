using Lifeboat.Secrets;

namespace Lifeboat.Manifest;

/// <summary>A secret read from a file; surrounding whitespace (the trailing newline) is removed.</summary>
public sealed record FileSecretRef(string Path) : SecretRef
{
    public override async Task<SecretValue> ResolveAsync(CancellationToken cancellationToken = default) =>
        new(await SecretReader.FromFileAsync(Path, cancellationToken));

    public override string Describe() => $"file {Path}";
}
