namespace Lifeboat.Sources.FileSystem;

/// <summary>Where a source's scratch copy goes below a drill's directory.</summary>
public static class ScratchPath
{
    /// <summary>
    /// Creates <c>&lt;directory&gt;/&lt;source&gt;</c> for a scratch restore and returns it.
    /// </summary>
    /// <exception cref="SourceException">It exists and is not empty (a copy that is not ours).</exception>
    public static string Create(RestoreTarget.Scratch scratch, string source)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var directory = Path.Combine(Path.GetFullPath(scratch.Directory), source);
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new SourceException(source, $"the scratch directory {directory} is not empty")
            {
                Hint = "remove it, or drill into a fresh directory",
            };
        }

        Directory.CreateDirectory(directory);
        return directory;
    }
}
