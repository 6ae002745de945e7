using Lifeboat.Secrets;

namespace Lifeboat.Manifest;

/// <summary>A secret given in the manifest (interpolated from the environment, or a URL's password).</summary>
public sealed record InlineSecretRef(SecretValue Value) : SecretRef
{
    public override Task<SecretValue> ResolveAsync(CancellationToken cancellationToken = default) => Task.FromResult(Value);

    public override string Describe() => "a value in the manifest";
}
