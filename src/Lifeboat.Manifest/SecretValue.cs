namespace Lifeboat.Manifest;

/// <summary>
/// A secret (a password, a key) held in memory. It never shows itself by accident:
/// <see cref="ToString"/> gives <c>[redacted]</c>; only <see cref="Reveal"/> returns the text, to be
/// handed straight to the tool or connection that needs it.
/// </summary>
public sealed class SecretValue : IEquatable<SecretValue>
{
    /// <summary>What is shown instead of a secret, everywhere.</summary>
    public const string Redacted = "[redacted]";

    private readonly string _value;

    public SecretValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The secret itself. Never log, print or store what this returns.</summary>
    public string Reveal() => _value;

    public override string ToString() => Redacted;

    public bool Equals(SecretValue? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is SecretValue other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
}
