namespace Lifeboat.Cli.Tests;

/// <summary>Counts the files of a local repository, to watch a running backup from outside.</summary>
public sealed class RepositoryFiles(string root)
{
    public RepositoryCounts Count() => new(
        Files("data", recursive: true).Count(),
        Files("index").Count(),
        Files("snapshots").Count(),
        Files("locks").Count());

    /// <summary>Total size of the pack files.</summary>
    public long PackBytes() => Files("data", recursive: true).Sum(f => new FileInfo(f).Length);

    public IEnumerable<string> Files(string directory, bool recursive = false)
    {
        var path = Path.Combine(root, directory);
        try
        {
            return Directory.GetFiles(path, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly);
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }
}
