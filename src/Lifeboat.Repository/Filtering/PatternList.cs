namespace Lifeboat.Repository.Filtering;

/// <summary>A list of <see cref="PathPattern"/>s: a path matches when any pattern matches.</summary>
public sealed class PatternList
{
    private readonly PathPattern[] _patterns;

    /// <exception cref="UsageException">A malformed pattern.</exception>
    public PatternList(IEnumerable<string> patterns)
    {
        try
        {
            _patterns = patterns.Where(p => p.Length > 0).Select(p => new PathPattern(p)).ToArray();
        }
        catch (FormatException ex)
        {
            throw new UsageException($"invalid pattern: {ex.Message}");
        }
    }

    public bool IsEmpty => _patterns.Length == 0;

    public bool Matches(string path)
    {
        foreach (var pattern in _patterns)
        {
            if (pattern.Matches(path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="path"/> matches, and whether something below it could.</summary>
    public (bool Matched, bool ChildMayMatch) MatchesWithChild(string path)
    {
        bool matched = false, child = false;
        foreach (var pattern in _patterns)
        {
            matched |= pattern.Matches(path);
            child |= pattern.ChildMayMatch(path);
            if (matched && child)
            {
                break;
            }
        }

        return (matched, child);
    }
}
