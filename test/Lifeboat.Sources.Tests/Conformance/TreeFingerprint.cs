using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lifeboat.Sources.Tests.Conformance;

/// <summary>A directory tree as a user would compare it: paths, types, modes, sizes, content hashes, file times, link targets.</summary>
internal static class TreeFingerprint
{
    public static string Of(string path)
    {
        if (File.Exists(path))
        {
            return FileLine(new FileInfo(path), Path.GetFileName(path));
        }

        if (!Directory.Exists(path))
        {
            return "missing";
        }

        var root = new DirectoryInfo(path);
        var lines = new List<string> { $". dir {Mode(root)}" };
        foreach (var entry in root.EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var relative = Path.GetRelativePath(path, entry.FullName);
            lines.Add(entry switch
            {
                _ when entry.LinkTarget is { } target => $"{relative} link {target}",
                DirectoryInfo directory => $"{relative} dir {Mode(directory)}",
                FileInfo file => FileLine(file, relative),
                _ => $"{relative} other",
            });
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    public static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static string FileLine(FileInfo file, string relative) =>
        string.Create(CultureInfo.InvariantCulture, $"{relative} file {Mode(file)} {file.Length} {Sha256(file.FullName)} {file.LastWriteTimeUtc:O}");

    private static string Mode(FileSystemInfo entry) => Convert.ToString((int)entry.UnixFileMode, 8);

    /// <summary>Entries beside <paramref name="path"/> that a restore made (hidden <c>.lifeboat-</c> siblings).</summary>
    public static IReadOnlyList<string> LifeboatSiblings(string path) =>
        Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(Path.GetFullPath(path))!)
            .Where(p => Path.GetFileName(p).Contains(".lifeboat-", StringComparison.Ordinal))
            .ToList();

    public static string Join(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }
}
