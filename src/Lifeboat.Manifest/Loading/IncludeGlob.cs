using System.Text;
using System.Text.RegularExpressions;

namespace Lifeboat.Manifest.Loading;

/// <summary>
/// Expands an include pattern relative to a directory: <c>*</c> and <c>?</c> within a path segment,
/// <c>**</c> for any number of directories. Matches are files, in ordinal order; hidden entries only
/// match a pattern segment that starts with a dot.
/// </summary>
internal static class IncludeGlob
{
    public static bool HasWildcards(string pattern) => pattern.IndexOfAny(['*', '?', '[']) >= 0;

    /// <summary>The matching files as (absolute path, path for display relative to <paramref name="displayDirectory"/>).</summary>
    public static List<(string FullPath, string Display)> Expand(string pattern, string directory, string displayDirectory)
    {
        var rooted = Path.IsPathRooted(pattern);
        var start = rooted ? Path.GetPathRoot(pattern)! : directory;
        var display = rooted ? Path.GetPathRoot(pattern)! : displayDirectory;
        var segments = pattern[(rooted ? Path.GetPathRoot(pattern)!.Length : 0)..]
            .Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s != ".")
            .ToArray();
        var results = new List<(string, string)>();
        if (segments.Length > 0)
        {
            Walk(start, display, segments, 0, results);
        }

        return [.. results.Distinct()];
    }

    private static void Walk(string directory, string display, string[] segments, int index, List<(string, string)> results)
    {
        var segment = segments[index];
        var last = index == segments.Length - 1;
        if (segment == "**")
        {
            if (last)
            {
                AddFiles(directory, display, "*", results, recursive: true);
                return;
            }

            Walk(directory, display, segments, index + 1, results);
            foreach (var sub in Entries(directory, directories: true, hidden: false))
            {
                Walk(Path.Join(directory, sub), Path.Join(display, sub), segments, index, results);
            }

            return;
        }

        if (!HasWildcards(segment))
        {
            var path = Path.Join(directory, segment);
            if (last)
            {
                if (File.Exists(path))
                {
                    results.Add((path, Path.Join(display, segment)));
                }
            }
            else if (Directory.Exists(path))
            {
                Walk(path, Path.Join(display, segment), segments, index + 1, results);
            }

            return;
        }

        if (last)
        {
            AddFiles(directory, display, segment, results, recursive: false);
            return;
        }

        var regex = ToRegex(segment);
        foreach (var sub in Entries(directory, directories: true, hidden: segment.StartsWith('.')))
        {
            if (regex.IsMatch(sub))
            {
                Walk(Path.Join(directory, sub), Path.Join(display, sub), segments, index + 1, results);
            }
        }
    }

    private static void AddFiles(string directory, string display, string segment, List<(string, string)> results, bool recursive)
    {
        var regex = ToRegex(segment);
        foreach (var file in Entries(directory, directories: false, hidden: segment.StartsWith('.')))
        {
            if (regex.IsMatch(file))
            {
                results.Add((Path.Join(directory, file), Path.Join(display, file)));
            }
        }

        if (recursive)
        {
            foreach (var sub in Entries(directory, directories: true, hidden: false))
            {
                AddFiles(Path.Join(directory, sub), Path.Join(display, sub), segment, results, recursive: true);
            }
        }
    }

    private static IEnumerable<string> Entries(string directory, bool directories, bool hidden)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        try
        {
            var entries = directories ? Directory.EnumerateDirectories(directory) : Directory.EnumerateFiles(directory);
            return entries.Select(Path.GetFileName).OfType<string>()
                .Where(name => hidden || !name.StartsWith('.'))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static Regex ToRegex(string segment)
    {
        var pattern = new StringBuilder("^");
        foreach (var c in segment)
        {
            pattern.Append(c switch
            {
                '*' => "[^/]*",
                '?' => "[^/]",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
