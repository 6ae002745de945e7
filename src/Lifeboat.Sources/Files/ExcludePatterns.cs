using Lifeboat.Repository.Filtering;

namespace Lifeboat.Sources.Files;

/// <summary>
/// A files source's <c>exclude</c> globs, which are relative to the source's path, turned into the
/// absolute patterns the archiver matches: a pattern with a slash is anchored at the source's path
/// (<c>tmp/**</c> excludes <c>&lt;path&gt;/tmp</c> and everything in it, not a <c>tmp</c> deeper down);
/// a pattern without one is a name matched at any depth below the path (<c>*.log</c>, <c>.cache</c>),
/// as in .gitignore. A leading <c>/</c> or <c>./</c> also anchors at the path. Nothing above the
/// source's path can ever match.
/// </summary>
public static class ExcludePatterns
{
    /// <summary>The absolute patterns for <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> Anchor(string root, IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var full = Path.GetFullPath(root).TrimEnd('/');
        return patterns.Where(p => p.Trim().Length > 0).Select(p => AnchorOne(full, p.Trim())).ToList();
    }

    /// <summary>The archiver's pattern list for <paramref name="root"/>, or null when nothing is excluded.</summary>
    /// <exception cref="UsageException">A malformed glob.</exception>
    public static PatternList? ToPatternList(string root, IEnumerable<string> patterns)
    {
        var anchored = Anchor(root, patterns);
        return anchored.Count == 0 ? null : new PatternList(anchored);
    }

    private static string AnchorOne(string root, string pattern)
    {
        if (pattern.StartsWith(root + "/", StringComparison.Ordinal))
        {
            return pattern; // already absolute below the root
        }

        var relative = pattern.StartsWith("./", StringComparison.Ordinal) ? pattern[2..] : pattern;
        var anchored = relative.StartsWith('/') || relative.TrimEnd('/').Contains('/', StringComparison.Ordinal);
        relative = relative.TrimStart('/');
        return anchored ? $"{root}/{relative}" : $"{root}/**/{relative}";
    }
}
