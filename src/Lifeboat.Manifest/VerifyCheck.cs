namespace Lifeboat.Manifest;

/// <summary>
/// A check a drill runs against the restored scratch copy (<c>verify:</c>). Each prints one line: its
/// name, pass or fail, and on failure what was expected and what was found.
/// </summary>
public abstract record VerifyCheck : INamed
{
    public required string Name { get; init; }

    /// <summary>How long the check may take, or null for the drill's default.</summary>
    public TimeSpan? Timeout { get; init; }
}
