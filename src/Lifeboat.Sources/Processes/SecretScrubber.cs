namespace Lifeboat.Sources.Processes;

/// <summary>
/// Replaces known secrets (and their percent-encoded forms) with <c>[redacted]</c> in text a tool
/// printed, before the text goes into a message. Immutable and thread-safe.
/// </summary>
public sealed class SecretScrubber
{
    private readonly string[] _secrets;

    public SecretScrubber(IEnumerable<string?> secrets)
    {
        _secrets = secrets
            .Where(s => !string.IsNullOrEmpty(s))
            .SelectMany(s => new[] { s!, Uri.EscapeDataString(s!) })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length) // a secret that contains another is replaced whole
            .ToArray();
    }

    public static SecretScrubber None { get; } = new([]);

    public string Scrub(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Manifest.SecretValue.Redacted, StringComparison.Ordinal);
        }

        return text;
    }
}
