using System.Text;

namespace Lifeboat.Sources;

/// <summary>
/// Names of the databases a restore creates beside the one it restores: <c>&lt;db&gt;_drill_&lt;id&gt;</c>
/// for drills, <c>&lt;db&gt;_restoring_&lt;id&gt;</c> while a restore loads, <c>&lt;db&gt;_previous_&lt;id&gt;</c>
/// for what it replaced until commit. The database part is shortened to fit the server's limit
/// (63 bytes for PostgreSQL, 64 characters for MySQL), so the suffix is always whole.
/// </summary>
public static class DatabaseNames
{
    public const string Drill = "drill";
    public const string Restoring = "restoring";
    public const string Previous = "previous";
    public const string Failed = "failed";

    /// <summary><c>&lt;database&gt;_&lt;tag&gt;_&lt;id&gt;</c> in at most <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    public static string Derived(string database, string tag, string id, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(database);
        var suffix = $"_{tag}_{id}";
        var room = maxBytes - Encoding.UTF8.GetByteCount(suffix);
        if (room < 1)
        {
            throw new ArgumentException($"the suffix '{suffix}' leaves no room for the database name", nameof(id));
        }

        var prefix = database;
        while (Encoding.UTF8.GetByteCount(prefix) > room)
        {
            prefix = prefix[..^(char.IsLowSurrogate(prefix[^1]) && prefix.Length > 1 ? 2 : 1)];
        }

        return prefix + suffix;
    }

    /// <summary>
    /// True when <paramref name="name"/> is what <see cref="Derived"/> makes of <paramref name="database"/>
    /// and <paramref name="tag"/> for some id of letters and digits (a leftover of a drill or restore).
    /// </summary>
    public static bool IsDerived(string name, string database, string tag, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(name);
        var marker = $"_{tag}_";
        var at = name.LastIndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var id = name[(at + marker.Length)..];
        return id.Length > 0 && id.All(char.IsAsciiLetterOrDigit) && Derived(database, tag, id, maxBytes) == name;
    }
}
