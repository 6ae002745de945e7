namespace Lifeboat.Repository.Filtering;

/// <summary>
/// Shell-style matching of one path component, with the semantics of Go's <c>filepath.Match</c>:
/// <c>*</c> any run of characters, <c>?</c> one character, <c>[a-z]</c> and <c>[^a-z]</c> classes,
/// <c>\</c> escapes the next character.
/// </summary>
public static class GlobMatcher
{
    /// <exception cref="FormatException">A malformed pattern (unclosed class, trailing backslash).</exception>
    public static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        // Iterative matching with backtracking to the last star.
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length)
            {
                var c = pattern[p];
                if (c == '*')
                {
                    starP = ++p;
                    starN = n;
                    continue;
                }

                if (c == '?')
                {
                    p++;
                    n++;
                    continue;
                }

                if (c == '[')
                {
                    var end = ClassEnd(pattern, p);
                    if (MatchClass(pattern[(p + 1)..end], name[n]))
                    {
                        p = end + 1;
                        n++;
                        continue;
                    }
                }
                else
                {
                    if (c == '\\')
                    {
                        if (++p >= pattern.Length)
                        {
                            throw new FormatException("syntax error in pattern: trailing backslash");
                        }

                        c = pattern[p];
                    }

                    if (c == name[n])
                    {
                        p++;
                        n++;
                        continue;
                    }
                }
            }

            if (starP < 0)
            {
                Validate(pattern[p..]);
                return false;
            }

            p = starP;
            n = ++starN;
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        Validate(pattern[p..]);
        return p == pattern.Length;
    }

    private static int ClassEnd(ReadOnlySpan<char> pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        var first = true;
        while (i < pattern.Length && (pattern[i] != ']' || first))
        {
            if (pattern[i] == '\\')
            {
                i++;
            }

            first = false;
            i++;
        }

        return i < pattern.Length ? i : throw new FormatException("syntax error in pattern: unclosed '['");
    }

    private static bool MatchClass(ReadOnlySpan<char> body, char c)
    {
        var negate = body.Length > 0 && body[0] == '^';
        if (negate)
        {
            body = body[1..];
        }

        var matched = false;
        var i = 0;
        while (i < body.Length)
        {
            var lo = Next(body, ref i);
            var hi = lo;
            if (i + 1 < body.Length && body[i] == '-')
            {
                i++;
                hi = Next(body, ref i);
            }

            if (lo <= c && c <= hi)
            {
                matched = true;
            }
        }

        return matched != negate;
    }

    private static char Next(ReadOnlySpan<char> body, ref int i)
    {
        if (body[i] == '\\' && i + 1 < body.Length)
        {
            i++;
        }

        return body[i++];
    }

    private static void Validate(ReadOnlySpan<char> rest)
    {
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] == '[')
            {
                i = ClassEnd(rest, i);
            }
            else if (rest[i] == '\\' && ++i >= rest.Length)
            {
                throw new FormatException("syntax error in pattern: trailing backslash");
            }
        }
    }
}
