namespace Lifeboat.Manifest.Schema;

/// <summary>"Did you mean ...?" for a misspelt key or name, by edit distance.</summary>
internal static class Suggestions
{
    /// <summary>The closest candidate within a typo's reach, or null.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        var normalized = Normalize(input);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(normalized, Normalize(candidate));
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        var reach = Math.Max(1, Math.Min(3, input.Length / 3));
        return bestDistance <= reach ? best : null;
    }

    /// <summary>"did you mean 'x'?" when there is a close match, else "expected one of: a, b, c" (or null).</summary>
    public static string? Hint(string input, IReadOnlyCollection<string> candidates, bool listWhenNoMatch = true)
    {
        var closest = Closest(input, candidates);
        if (closest is not null)
        {
            return $"did you mean '{closest}'?";
        }

        if (!listWhenNoMatch || candidates.Count == 0)
        {
            return null;
        }

        return candidates.Count <= 12 ? "expected one of: " + string.Join(", ", candidates) : null;
    }

    private static string Normalize(string text) => text.Replace('-', '_').ToLowerInvariant();

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
