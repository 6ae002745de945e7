using System.Text.Json.Nodes;

namespace Lifeboat.Sources;

/// <summary>Reads the values a source recorded in its part of the snapshot's <c>lifeboat.json</c>.</summary>
public static class SourceDescription
{
    /// <summary>The string at <paramref name="key"/>.</summary>
    /// <exception cref="SourceException">It is missing: the snapshot was not made by this kind of source.</exception>
    public static string RequireString(this JsonObject description, string key, string source)
    {
        ArgumentNullException.ThrowIfNull(description);
        return description[key] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new SourceException(source, $"the snapshot's description has no '{key}'; it was not made by a source of this kind");
    }

    public static string? GetString(this JsonObject description, string key)
    {
        ArgumentNullException.ThrowIfNull(description);
        return description[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }

    public static long? GetInt64(this JsonObject description, string key)
    {
        ArgumentNullException.ThrowIfNull(description);
        return description[key] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;
    }

    /// <summary>Checks the description's kind against the restoring source's.</summary>
    /// <exception cref="SourceException">The snapshot holds another kind of data under this name.</exception>
    public static void RequireKind(this JsonObject description, string kind, string source)
    {
        var recorded = description.GetString("kind");
        if (!string.Equals(recorded, kind, StringComparison.Ordinal))
        {
            throw new SourceException(source, $"the snapshot holds a '{recorded ?? "unknown"}' source here, not '{kind}'")
            {
                Hint = "the manifest changed the source's type since this snapshot; restore it with a manifest that matches",
            };
        }
    }

    /// <summary>Records ownership as numbers and an octal mode string.</summary>
    public static void AddOwnership(this JsonObject description, FileSystem.FileOwnership? ownership)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (ownership is { } o)
        {
            description["uid"] = o.Uid;
            description["gid"] = o.Gid;
            description["mode"] = Convert.ToString(o.Mode, 8).PadLeft(4, '0');
        }
    }

    /// <summary>The ownership recorded by <see cref="AddOwnership"/>, or null.</summary>
    public static FileSystem.FileOwnership? GetOwnership(this JsonObject description)
    {
        var uid = description.GetInt64("uid");
        var gid = description.GetInt64("gid");
        var mode = description.GetString("mode");
        return uid is { } u && gid is { } g && mode is not null
            ? new FileSystem.FileOwnership((uint)u, (uint)g, Convert.ToUInt32(mode, 8))
            : null;
    }
}
