using System.Security.Cryptography;
using System.Text;
using Xunit.Sdk;

namespace Lifeboat.Testing.Trees;

/// <summary>
/// Captures a directory tree as a list of <see cref="TreeEntry"/> (type, permission bits, size, SHA-256,
/// times in nanoseconds, symlink target, owner, hard-link groups) without following symlinks, and
/// compares two captures, reporting every difference as a readable line. Thread-safe.
/// </summary>
public static class DirectoryComparer
{
    private const int MaxReportedDifferences = 60;

    /// <summary>Every entry under <paramref name="root"/> (which must be a directory), root first, sorted by path.</summary>
    public static IReadOnlyList<TreeEntry> Capture(string root)
    {
        root = Path.GetFullPath(root);
        var raw = new List<(string Relative, string FullPath, EntryStatus Status)>();
        Walk(root, ".", raw);

        // Hard-link groups: non-directories whose inode has more than one name inside the tree.
        var groups = raw.Where(e => e.Status.TypeBits != 0x4000 && e.Status.Links > 1)
            .GroupBy(e => (e.Status.Device, e.Status.Inode))
            .Where(g => g.Count() > 1)
            .SelectMany(g =>
            {
                var names = string.Join(" = ", g.Select(e => e.Relative).Order(StringComparer.Ordinal));
                return g.Select(e => (e.Relative, names));
            })
            .ToDictionary(x => x.Relative, x => x.names, StringComparer.Ordinal);

        var entries = new List<TreeEntry>(raw.Count);
        foreach (var (relative, fullPath, status) in raw)
        {
            var type = TypeName(status.TypeBits);
            entries.Add(new TreeEntry
            {
                Path = relative,
                Type = type,
                Permissions = status.Permissions,
                Size = type == "file" ? status.Size : 0,
                Sha256 = type == "file" ? HashFile(fullPath) : null,
                ModifyTime = status.ModifyTime,
                AccessTime = status.AccessTime,
                ChangeTime = status.ChangeTime,
                LinkTarget = type == "symlink" ? new FileInfo(fullPath).LinkTarget : null,
                Uid = status.Uid,
                Gid = status.Gid,
                HardLinkGroup = groups.GetValueOrDefault(relative),
            });
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    /// <summary>The differences between two captures, one line each; empty when they agree.</summary>
    public static IReadOnlyList<string> Compare(IReadOnlyList<TreeEntry> expected, IReadOnlyList<TreeEntry> actual, CompareOptions? options = null)
    {
        options ??= CompareOptions.Default;
        var wanted = Filter(expected, options).ToDictionary(e => e.Path, StringComparer.Ordinal);
        var got = Filter(actual, options).ToDictionary(e => e.Path, StringComparer.Ordinal);
        var differences = new List<string>();

        foreach (var path in wanted.Keys.Union(got.Keys).Order(StringComparer.Ordinal))
        {
            var inExpected = wanted.TryGetValue(path, out var e);
            var inActual = got.TryGetValue(path, out var a);
            if (!inActual)
            {
                differences.Add($"{Show(path)}: missing ({e})");
                continue;
            }

            if (!inExpected)
            {
                differences.Add($"{Show(path)}: unexpected ({a})");
                continue;
            }

            var problems = new List<string>();
            CompareEntry(e!, a!, options, problems);
            if (problems.Count > 0)
            {
                differences.Add($"{Show(path)}: {string.Join("; ", problems)}");
            }
        }

        return differences;
    }

    /// <summary>Compares two directories and fails with a report of every difference.</summary>
    public static void AssertIdentical(string expectedRoot, string actualRoot, CompareOptions? options = null) =>
        AssertIdentical(Capture(expectedRoot), actualRoot, options);

    /// <summary>Compares a capture with a directory and fails with a report of every difference.</summary>
    public static void AssertIdentical(IReadOnlyList<TreeEntry> expected, string actualRoot, CompareOptions? options = null)
    {
        var differences = Compare(expected, Capture(actualRoot), options);
        if (differences.Count == 0)
        {
            return;
        }

        var report = new StringBuilder();
        report.Append(differences.Count).Append(" differences between the expected tree and ").Append(actualRoot).Append(':').AppendLine();
        foreach (var line in differences.Take(MaxReportedDifferences))
        {
            report.Append("  ").AppendLine(line);
        }

        if (differences.Count > MaxReportedDifferences)
        {
            report.Append("  ... and ").Append(differences.Count - MaxReportedDifferences).AppendLine(" more");
        }

        throw new XunitException(report.ToString());
    }

    /// <summary>A path as a reader can see it: control characters escaped, quoted when they or spaces occur.</summary>
    public static string Show(string path)
    {
        if (!path.Any(c => char.IsControl(c) || c == ' ' || c == '"'))
        {
            return path;
        }

        var builder = new StringBuilder("\"");
        foreach (var c in path)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\t' => "\\t",
                '"' => "\\\"",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private static IEnumerable<TreeEntry> Filter(IReadOnlyList<TreeEntry> entries, CompareOptions options) =>
        entries.Where(e => (options.CompareRoot || e.Path != ".") && !IsIgnored(e.Path, options));

    private static bool IsIgnored(string path, CompareOptions options)
    {
        if (options.Ignore is not { } ignore || path == ".")
        {
            return false;
        }

        for (var end = path.IndexOf('/', StringComparison.Ordinal); end >= 0; end = path.IndexOf('/', end + 1))
        {
            if (ignore(path[..end]))
            {
                return true;
            }
        }

        return ignore(path);
    }

    private static void CompareEntry(TreeEntry e, TreeEntry a, CompareOptions options, List<string> problems)
    {
        if (e.Type != a.Type)
        {
            problems.Add($"type {e.Type} != {a.Type}");
            return;
        }

        if (e.Type != "symlink" && e.Permissions != a.Permissions)
        {
            problems.Add($"mode {TreeEntry.Octal(e.Permissions)} != {TreeEntry.Octal(a.Permissions)}");
        }

        if (e.Type == "file" && (e.Size != a.Size || e.Sha256 != a.Sha256))
        {
            problems.Add($"content {e.Size} bytes {e.Sha256?[..12]} != {a.Size} bytes {a.Sha256?[..12]}");
        }

        if (e.LinkTarget != a.LinkTarget)
        {
            problems.Add($"link target {Show(e.LinkTarget ?? string.Empty)} != {Show(a.LinkTarget ?? string.Empty)}");
        }

        var ignoreTime = e.Type == "dir" && e.Depth < options.IgnoreDirectoryTimesAboveDepth;
        if (!ignoreTime && e.ModifyTime != a.ModifyTime)
        {
            problems.Add($"mtime {TreeEntry.FormatTime(e.ModifyTime)} != {TreeEntry.FormatTime(a.ModifyTime)}");
        }

        if (options.CompareAccessTimes && !ignoreTime && e.AccessTime != a.AccessTime)
        {
            problems.Add($"atime {TreeEntry.FormatTime(e.AccessTime)} != {TreeEntry.FormatTime(a.AccessTime)}");
        }

        if (options.CompareChangeTimes && e.ChangeTime != a.ChangeTime)
        {
            problems.Add($"ctime {TreeEntry.FormatTime(e.ChangeTime)} != {TreeEntry.FormatTime(a.ChangeTime)}");
        }

        if (options.CompareOwners && (e.Uid != a.Uid || e.Gid != a.Gid))
        {
            problems.Add($"owner {e.Uid}:{e.Gid} != {a.Uid}:{a.Gid}");
        }

        if (e.HardLinkGroup != a.HardLinkGroup)
        {
            problems.Add($"hard links [{e.HardLinkGroup ?? "none"}] != [{a.HardLinkGroup ?? "none"}]");
        }
    }

    private static void Walk(string fullPath, string relative, List<(string, string, EntryStatus)> entries)
    {
        var status = TreeNative.LStat(fullPath);
        entries.Add((relative, fullPath, status));
        if (status.TypeBits != 0x4000)
        {
            return;
        }

        foreach (var child in Directory.EnumerateFileSystemEntries(fullPath))
        {
            var name = Path.GetFileName(child);
            Walk(child, relative == "." ? name : $"{relative}/{name}", entries);
        }
    }

    private static string TypeName(uint typeBits) => typeBits switch
    {
        0x8000 => "file",
        0x4000 => "dir",
        0xA000 => "symlink",
        0x1000 => "fifo",
        0xC000 => "socket",
        0x2000 => "chardev",
        0x6000 => "blockdev",
        _ => $"unknown-{typeBits:x}",
    };

    private static string HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
