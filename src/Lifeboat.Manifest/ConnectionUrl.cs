using System.Diagnostics.CodeAnalysis;

namespace Lifeboat.Manifest;

/// <summary>
/// A URL from the manifest (<c>postgres://user:pw@host:5432/db?sslmode=require</c>, a repository
/// location, a health URL), split into its parts. A password in it is a secret: <see cref="ToString"/>
/// and <see cref="Redacted"/> show <c>[redacted]</c> in its place; <see cref="Reveal"/> gives the
/// full text for the tool that needs it. Text without <c>://</c> (<c>/srv/backups</c>,
/// <c>sftp:user@host:/repo</c>) is kept whole as an opaque location.
/// </summary>
public sealed class ConnectionUrl : IEquatable<ConnectionUrl>
{
    private readonly string _text;

    private ConnectionUrl(string text)
    {
        _text = text;
        Redacted = text;
        Host = "";
        Database = "";
        Parameters = NamedMap<string>.Empty;
    }

    /// <summary>The scheme (<c>postgres</c>, <c>s3</c>, <c>rest:https</c>), or "" for a plain path.</summary>
    public string Scheme { get; private init; } = "";

    /// <summary>True when the text has an authority (<c>scheme://...</c>) and was split into parts.</summary>
    public bool IsHierarchical { get; private init; }

    public string? UserName { get; private init; }

    /// <summary>The password embedded in the URL, if any (percent-decoded).</summary>
    public SecretValue? Password { get; private init; }

    /// <summary>The host (or comma-separated hosts), "" for a Unix socket URL like <c>postgres:///db</c>.</summary>
    public string Host { get; private init; }

    public int? Port { get; private init; }

    /// <summary>The path without its leading '/', percent-decoded: the database name for database URLs.</summary>
    public string Database { get; private init; }

    /// <summary>The query parameters (<c>sslmode=require</c>), percent-decoded.</summary>
    public NamedMap<string> Parameters { get; private init; }

    /// <summary>The URL with its password replaced by <c>[redacted]</c>; safe to print.</summary>
    public string Redacted { get; private init; }

    /// <summary>The URL exactly as given, password included. Never log or print it.</summary>
    public string Reveal() => _text;

    public override string ToString() => Redacted;

    public static ConnectionUrl Parse(string text) =>
        TryParse(text, out var url, out var error) ? url : throw new FormatException(error);

    public static bool TryParse(string text, [NotNullWhen(true)] out ConnectionUrl? url, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        url = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty";
            return false;
        }

        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            var scheme = colon > 1 && text[..colon].All(char.IsAsciiLetterOrDigit) ? text[..colon] : "";
            url = new ConnectionUrl(text) { Scheme = scheme.ToLowerInvariant() };
            error = null;
            return true;
        }

        if (separator == 0)
        {
            error = "has no scheme before '://'";
            return false;
        }

        var rest = text[(separator + 3)..];
        var fragment = rest.IndexOf('#', StringComparison.Ordinal);
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var queryText = "";
        if (query >= 0)
        {
            queryText = rest[(query + 1)..(fragment > query ? fragment : rest.Length)];
            rest = rest[..query];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash >= 0 ? rest[..slash] : rest;
        var path = slash >= 0 ? rest[(slash + 1)..] : "";
        string? user = null;
        SecretValue? password = null;
        var at = authority.LastIndexOf('@');
        var redacted = text;
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon >= 0 ? userInfo[..colon] : userInfo);
            if (colon >= 0)
            {
                password = new SecretValue(Uri.UnescapeDataString(userInfo[(colon + 1)..]));
                var start = separator + 3 + colon + 1;
                redacted = text[..start] + SecretValue.Redacted + text[(separator + 3 + at)..];
            }
        }

        if (!TrySplitHost(authority, out var host, out var port))
        {
            error = $"has an invalid port in '{authority}'";
            return false;
        }

        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var pair in queryText.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals >= 0 ? pair[..equals] : pair);
            var value = equals >= 0 ? Uri.UnescapeDataString(pair[(equals + 1)..]) : "";
            if (parameters.Exists(p => p.Key == key))
            {
                error = $"repeats the parameter '{key}'";
                return false;
            }

            parameters.Add(KeyValuePair.Create(key, value));
        }

        url = new ConnectionUrl(text)
        {
            Scheme = text[..separator].ToLowerInvariant(),
            IsHierarchical = true,
            UserName = user,
            Password = password,
            Host = host,
            Port = port,
            Database = Uri.UnescapeDataString(path),
            Parameters = new NamedMap<string>(parameters),
            Redacted = redacted,
        };
        error = null;
        return true;
    }

    private static bool TrySplitHost(string authority, out string host, out int? port)
    {
        host = authority;
        port = null;
        if (authority.Contains(',', StringComparison.Ordinal))
        {
            return true; // several hosts (PostgreSQL failover): the tools parse them
        }

        var colon = authority.LastIndexOf(':');
        var bracket = authority.LastIndexOf(']');
        if (colon < 0 || colon < bracket)
        {
            return true;
        }

        host = authority[..colon];
        var portText = authority[(colon + 1)..];
        if (portText.Length == 0)
        {
            return true;
        }

        if (!int.TryParse(portText, System.Globalization.NumberStyles.None, null, out var value) || value is < 1 or > 65535)
        {
            return false;
        }

        port = value;
        return true;
    }

    public bool Equals(ConnectionUrl? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ConnectionUrl other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);
}
