namespace Lifeboat.Repository.Filtering;

/// <summary>
/// A restic include/exclude pattern matched against slash-separated paths. Components are glob
/// patterns (<see cref="GlobMatcher"/>), <c>**</c> matches any number of directories. A pattern that
/// starts with "/" is anchored at the root; any other pattern may match at any depth. A pattern that
/// matches a directory also matches everything below it.
/// </summary>
public sealed class PathPattern
{
    private readonly Part[] _parts;

    public PathPattern(string pattern)
    {
        Text = pattern;
        var clean = Clean(pattern);
        _parts = clean.Split('/').Select(p => new Part(p, p.AsSpan().IndexOfAny("\\[]*?") < 0)).ToArray();
        foreach (var part in _parts.Where(p => !p.IsSimple && p.Text != "**"))
        {
            _ = GlobMatcher.Match(part.Text, string.Empty); // throws on a malformed pattern
        }
    }

    public string Text { get; }

    private bool IsAbsolute => _parts[0].Text.Length == 0;

    /// <summary>True when <paramref name="path"/> (or a directory above it) matches.</summary>
    public bool Matches(string path) => Match(_parts, path.Split('/'));

    /// <summary>True when something below <paramref name="path"/> could match.</summary>
    public bool ChildMayMatch(string path)
    {
        if (!IsAbsolute)
        {
            return true;
        }

        var components = path.Split('/');
        var doubleStar = Array.FindIndex(_parts, p => p.Text == "**");
        if (doubleStar >= 0 && components.Length >= doubleStar)
        {
            components = components[..doubleStar];
        }

        var length = Math.Min(components.Length, _parts.Length);
        return Match(_parts[..length], components[..length]);
    }

    private static bool Match(Part[] parts, string[] components)
    {
        var doubleStar = Array.FindIndex(parts, p => p.Text == "**");
        if (doubleStar >= 0)
        {
            // Expand "**" into 0, 1, 2, ... single-component wildcards.
            for (var count = 0; count <= components.Length - parts.Length + 1; count++)
            {
                var expanded = new Part[doubleStar + count + (parts.Length - doubleStar - 1)];
                Array.Copy(parts, expanded, doubleStar);
                for (var k = 0; k < count; k++)
                {
                    expanded[doubleStar + k] = new Part("*", false);
                }

                Array.Copy(parts, doubleStar + 1, expanded, doubleStar + count, parts.Length - doubleStar - 1);
                if (Match(expanded, components))
                {
                    return true;
                }
            }

            return false;
        }

        if (parts.Length == 0 && components.Length == 0)
        {
            return true;
        }

        if (parts.Length == 0 || parts.Length > components.Length)
        {
            return false;
        }

        var maxOffset = parts[0].Text.Length == 0 ? 0 : components.Length - parts.Length;
        for (var offset = maxOffset; offset >= 0; offset--)
        {
            var all = true;
            for (var i = parts.Length - 1; i >= 0 && all; i--)
            {
                var part = parts[i];
                all = part.IsSimple
                    ? string.Equals(part.Text, components[offset + i], StringComparison.Ordinal)
                    : GlobMatcher.Match(part.Text, components[offset + i]);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Go's filepath.Clean for slash paths.</summary>
    private static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var absolute = path[0] == '/';
        var stack = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (stack.Count > 0 && stack[^1] != "..")
                {
                    stack.RemoveAt(stack.Count - 1);
                }
                else if (!absolute)
                {
                    stack.Add(part);
                }

                continue;
            }

            stack.Add(part);
        }

        var joined = string.Join('/', stack);
        return absolute ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    private readonly record struct Part(string Text, bool IsSimple);
}
