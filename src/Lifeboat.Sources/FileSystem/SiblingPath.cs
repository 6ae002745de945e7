using System.Security.Cryptography;

namespace Lifeboat.Sources.FileSystem;

/// <summary>
/// The hidden names a restore uses beside the path it replaces, on the same file system so that every
/// swap is a rename: <c>.&lt;name&gt;.lifeboat-restore-&lt;id&gt;</c> (being written),
/// <c>.&lt;name&gt;.lifeboat-previous-&lt;id&gt;</c> (what was there, kept until commit).
/// </summary>
public static class SiblingPath
{
    /// <summary>The marker every such name contains, to find leftovers of an interrupted restore.</summary>
    public const string Marker = ".lifeboat-";

    /// <summary>A short random id for one restore.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public static string Restoring(string path, string id) => Beside(path, "restore", id);

    public static string Previous(string path, string id) => Beside(path, "previous", id);

    public static string Failed(string path, string id) => Beside(path, "failed", id);

    private static string Beside(string path, string role, string id)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        var directory = Path.GetDirectoryName(full) ?? "/";
        return Path.Combine(directory, $".{Path.GetFileName(full)}{Marker}{role}-{id}");
    }
}
