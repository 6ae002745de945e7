namespace Lifeboat.Manifest.Interpolation;

/// <summary>The result of interpolating one scalar.</summary>
/// <param name="Value">The text with every reference replaced.</param>
/// <param name="Display">The same text with values of secret-looking variables shown as [redacted].</param>
/// <param name="IsSensitive">A secret-looking variable contributed to the value.</param>
/// <param name="HasReferences">The text contained at least one <c>${...}</c>.</param>
/// <param name="Errors">Unset required variables and syntax errors, with their offset in the text.</param>
internal sealed record InterpolatedText(
    string Value,
    string Display,
    bool IsSensitive,
    bool HasReferences,
    IReadOnlyList<InterpolationError> Errors)
{
    /// <summary>True when the text is nothing but references (<c>${DB_PASSWORD}</c>), no literal part.</summary>
    public bool IsOnlyReferences { get; init; }

    /// <summary>The values of secret-looking variables that went into <see cref="Value"/>.</summary>
    public IReadOnlyList<string> SecretValues { get; init; } = [];
}
