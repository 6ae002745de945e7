using System.Text;

namespace Lifeboat.Sources.Env;

/// <summary>
/// A dotenv file as a list of entries that gives back exactly the text it was read from: comments,
/// blank lines, order, <c>export</c> prefixes, quoting and multi-line quoted values are all kept, so a
/// merge changes only the lines of the keys it sets. Values are secrets: nothing here prints them.
/// </summary>
public sealed class EnvFile
{
    private EnvFile(List<EnvEntry> entries)
    {
        Entries = entries;
    }

    public List<EnvEntry> Entries { get; }

    public static EnvFile Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = SplitLines(text);
        var entries = new List<EnvEntry>();
        for (var i = 0; i < lines.Count; i++)
        {
            var key = KeyOf(lines[i], out var valueStart);
            if (key is null)
            {
                entries.Add(new EnvEntry(null, lines[i]));
                continue;
            }

            var entry = new StringBuilder(lines[i]);
            var value = lines[i].AsSpan(valueStart).TrimStart(" \t");
            if (value.Length > 0 && value[0] is '"' or '\'' or '`' && !Closes(value[1..], value[0]))
            {
                // A quoted value continues on the next lines until its closing quote.
                var quote = value[0];
                while (i + 1 < lines.Count)
                {
                    entry.Append(lines[++i]);
                    if (Closes(lines[i], quote))
                    {
                        break;
                    }
                }
            }

            entries.Add(new EnvEntry(key, entry.ToString()));
        }

        return new EnvFile(entries);
    }

    /// <summary>The keys assigned in the file, in order of their first assignment.</summary>
    public IReadOnlyList<string> Keys => Entries.Where(e => e.Key is not null).Select(e => e.Key!).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The effective (last) assignment of <paramref name="key"/>, or null.</summary>
    public EnvEntry? Find(string key) => Entries.LastOrDefault(e => e.Key == key);

    /// <summary>A file of only the given keys' assignments, in the given order; keys it lacks are returned.</summary>
    public EnvFile Slice(IEnumerable<string> keys, out IReadOnlyList<string> missing)
    {
        var entries = new List<EnvEntry>();
        var absent = new List<string>();
        foreach (var key in keys)
        {
            if (Find(key) is { } entry)
            {
                entries.Add(new EnvEntry(entry.Key, EndLine(entry.Text)));
            }
            else
            {
                absent.Add(key);
            }
        }

        missing = absent;
        return new EnvFile(entries);
    }

    /// <summary>
    /// Sets every key of <paramref name="slice"/> in this file: the first assignment of a key takes the
    /// slice's line(s) in its place, later assignments of it are removed (they would override it), and
    /// keys the file lacks are appended. Every other line stays as it was.
    /// </summary>
    public EnvFile Merge(EnvFile slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var merged = new List<EnvEntry>(Entries);
        foreach (var entry in slice.Entries.Where(e => e.Key is not null))
        {
            var first = merged.FindIndex(e => e.Key == entry.Key);
            if (first < 0)
            {
                if (merged.Count > 0)
                {
                    merged[^1] = merged[^1] with { Text = EndLine(merged[^1].Text) };
                }

                merged.Add(entry);
                continue;
            }

            merged[first] = entry;
            for (var i = merged.Count - 1; i > first; i--)
            {
                if (merged[i].Key == entry.Key)
                {
                    merged.RemoveAt(i);
                }
            }
        }

        return new EnvFile(merged);
    }

    public override string ToString() => string.Concat(Entries.Select(e => e.Text));

    /// <summary>The variable a line assigns (<c>KEY=</c>, <c>export KEY=</c>), or null.</summary>
    private static string? KeyOf(string line, out int valueStart)
    {
        valueStart = 0;
        var span = line.AsSpan();
        var start = span.Length - span.TrimStart(" \t").Length;
        span = span[start..];
        if (span.StartsWith("export ") || span.StartsWith("export\t"))
        {
            var rest = span[7..].TrimStart(" \t");
            start += span.Length - rest.Length;
            span = rest;
        }

        var length = 0;
        while (length < span.Length && (char.IsAsciiLetterOrDigit(span[length]) || span[length] is '_' or '.' or '-'))
        {
            length++;
        }

        if (length == 0 || char.IsAsciiDigit(span[0]))
        {
            return null;
        }

        var after = span[length..].TrimStart(" \t");
        if (after.Length == 0 || after[0] != '=')
        {
            return null;
        }

        valueStart = start + (span.Length - after.Length) + 1;
        return span[..length].ToString();
    }

    /// <summary>Whether <paramref name="text"/> holds the closing <paramref name="quote"/> (not escaped in double quotes).</summary>
    private static bool Closes(ReadOnlySpan<char> text, char quote)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && quote == '"')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }

    private static string EndLine(string text) => text.Length == 0 || text.EndsWith('\n') ? text : text + "\n";
}
