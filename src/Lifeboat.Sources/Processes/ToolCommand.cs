namespace Lifeboat.Sources.Processes;

/// <summary>
/// A program to run for a source (<c>pg_dump</c>, <c>mariadb</c>, a manifest's backup command): its
/// argument vector (never a shell string), environment changes and the secrets that must never appear
/// in a message. Credentials travel in <see cref="Environment"/> (PGPASSWORD, MYSQL_PWD), never in
/// <see cref="Arguments"/>, where any user could read them in the process list.
/// </summary>
/// <param name="Source">The source's name, for messages.</param>
/// <param name="Program">A path, or a name looked up on PATH.</param>
/// <param name="Arguments">The arguments.</param>
public sealed record ToolCommand(string Source, string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>Variables set in the child's environment (a null value removes the variable).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Text scrubbed from every message built from the tool's output.</summary>
    public SecretScrubber Scrubber { get; init; } = SecretScrubber.None;

    public string? WorkingDirectory { get; init; }

    /// <summary>How the command appears in messages (default: the program's file name).</summary>
    public string? DisplayName { get; init; }

    public string Name => DisplayName ?? Path.GetFileName(Program);
}
