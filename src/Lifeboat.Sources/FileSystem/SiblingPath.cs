using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Lifeboat.Sources.FileSystem;

/// <summary>
/// The hidden names a restore uses beside the path it replaces, on the same file system so that every
/// swap is a rename: <c>.&lt;name&gt;.lifeboat-restore-&lt;id&gt;</c> (being written),
/// <c>.&lt;name&gt;.lifeboat-previous-&lt;id&gt;</c> (what was there, kept until commit).
/// </summary>
public static partial class SiblingPath
{
    /// <summary>The marker every such name contains, to find leftovers of an interrupted restore.</summary>
    public const string Marker = ".lifeboat-";

    /// <summary>A short random id for one restore.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public static string Restoring(string path, string id) => Beside(path, "restore", id);

    public static string Previous(string path, string id) => Beside(path, "previous", id);

    public static string Failed(string path, string id) => Beside(path, "failed", id);

    /// <summary>
    /// The siblings of <paramref name="paths"/> that restores which did not finish left: being written or
    /// failed (staging; removed when <paramref name="removeStaging"/>) and previous content (set aside,
    /// never removed), companions (<c>-wal</c>) included. Paths whose directory does not exist have none.
    /// </summary>
    public static RestoreLeftovers Sweep(IEnumerable<string> paths, bool removeStaging)
    {
        List<string> staging = [], setAside = [];
        foreach (var path in paths.Select(p => Path.GetFullPath(p).TrimEnd('/')).Where(p => p.Length > 0).Distinct())
        {
            var directory = Path.GetDirectoryName(path) ?? "/";
            if (!Directory.Exists(directory))
            {
                continue;
            }

            var prefix = $".{Path.GetFileName(path)}{Marker}";
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory, prefix + "*").Order(StringComparer.Ordinal))
            {
                var match = LeftoverName().Match(Path.GetFileName(entry)[prefix.Length..]);
                if (!match.Success)
                {
                    continue;
                }

                if (match.Groups["role"].Value == "previous")
                {
                    setAside.Add(entry);
                    continue;
                }

                if (removeStaging)
                {
                    PathSwap.Delete(entry);
                }

                staging.Add(entry);
            }
        }

        return new RestoreLeftovers(staging, setAside);
    }

    [GeneratedRegex("^(?<role>restore|previous|failed)-[0-9a-f]{8}(-(wal|shm|journal))?$")]
    private static partial Regex LeftoverName();

    private static string Beside(string path, string role, string id)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        var directory = Path.GetDirectoryName(full) ?? "/";
        return Path.Combine(directory, $".{Path.GetFileName(full)}{Marker}{role}-{id}");
    }
}
