using System.Globalization;
using System.Security.Cryptography;

namespace Lifeboat.Testing.Services;

/// <summary>A directory tree as an operator compares it: paths, types, modes, sizes, content hashes and file times.</summary>
public static class TreeChecksums
{
    public static string Of(string path, Func<string, bool>? include = null)
    {
        if (!Directory.Exists(path))
        {
            return "missing";
        }

        var root = new DirectoryInfo(path);
        var lines = new List<string> { $". dir {Mode(root)}" };
        foreach (var entry in root.EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var relative = Path.GetRelativePath(path, entry.FullName);
            if (include is not null && !include(relative))
            {
                continue;
            }

            lines.Add(entry switch
            {
                _ when entry.LinkTarget is { } target => $"{relative} link {target}",
                DirectoryInfo directory => $"{relative} dir {Mode(directory)}",
                FileInfo file => string.Create(CultureInfo.InvariantCulture, $"{relative} file {Mode(file)} {file.Length} {Sha256(file.FullName)} {file.LastWriteTimeUtc:O}"),
                _ => $"{relative} other",
            });
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static string Mode(FileSystemInfo entry) => Convert.ToString((int)entry.UnixFileMode, 8);
}
