namespace Lifeboat.Sources.Env;

/// <summary>
/// One entry of a dotenv file: an assignment (<see cref="Key"/> set) or anything else (a comment, a
/// blank line, a line that is not an assignment), with its exact text and line endings.
/// </summary>
/// <param name="Key">The variable's name, or null.</param>
/// <param name="Text">The entry's lines as written, including their line endings.</param>
public sealed record EnvEntry(string? Key, string Text)
{
    /// <summary>Never the text: values are secrets.</summary>
    public override string ToString() => Key is null ? "(not an assignment)" : $"{Key}=[redacted]";
}
