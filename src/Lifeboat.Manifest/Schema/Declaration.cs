using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>Where a name was declared, and its variant tag (a source's type) once known.</summary>
internal sealed class Declaration(string file, Mark mark, int order)
{
    /// <summary>The position among all declarations, for reporting in declaration order.</summary>
    public int Order { get; } = order;

    public string File { get; } = file;

    public Mark Mark { get; } = mark;

    public string? Tag { get; set; }

    public string Location => $"{File}:{Mark.Line}:{Mark.Column}";
}
