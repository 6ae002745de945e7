namespace Lifeboat.Manifest;

/// <summary>
/// Recognises names that probably hold secrets (<c>DB_PASSWORD</c>, <c>secret_access_key</c>,
/// <c>API_TOKEN</c>) so their values are redacted wherever they are shown.
/// </summary>
public static class SecretNames
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwd", "pass", "passphrase", "pw", "secret", "secrets", "token", "apikey",
        "credential", "credentials", "private", "auth", "salt", "cookie", "dsn",
    };

    /// <summary>
    /// True when a word of the name (split at '_', '-', '.') is one secrets are named by, or the name ends
    /// in "key" (<c>API_KEY</c>, but not <c>ACCESS_KEY_ID</c>).
    /// </summary>
    public static bool LooksSecret(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = name.Split(['_', '-', '.'], StringSplitOptions.RemoveEmptyEntries);
        return words.Any(Words.Contains) || words is [.., var last] && last.Equals("key", StringComparison.OrdinalIgnoreCase);
    }
}
