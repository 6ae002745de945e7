namespace Lifeboat.Manifest;

/// <summary>How a manifest is loaded.</summary>
public sealed record ManifestLoadOptions
{
    public static ManifestLoadOptions Default { get; } = new();

    /// <summary>Where <c>${VAR}</c> reads variables; the process environment by default.</summary>
    public IVariableProvider Variables { get; init; } = ProcessEnvironment.Instance;
}
