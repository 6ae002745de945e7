namespace Lifeboat.Sources.Processes;

/// <summary>Finds programs the way the shell does.</summary>
public static class ProgramPath
{
    /// <summary>The absolute path of <paramref name="program"/> (a path, or a name on PATH), or null when there is none.</summary>
    public static string? Find(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
    }

    /// <summary><paramref name="program"/> in <paramref name="directory"/> when given (and present), else on PATH.</summary>
    public static string? Find(string program, string? directory) =>
        directory is null ? Find(program) : File.Exists(Path.Combine(directory, program)) ? Path.Combine(directory, program) : null;
}
