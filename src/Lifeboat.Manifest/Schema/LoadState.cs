using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>What reading all files of one manifest shares: problems, declared names, references.</summary>
internal sealed class LoadState(IVariableProvider variables)
{
    public IVariableProvider Variables { get; } = variables;

    public List<ManifestProblem> Problems { get; } = [];

    public Dictionary<(DeclarationKind Kind, string Scope, string Name), Declaration> Declarations { get; } = [];

    public List<NameReference> References { get; } = [];

    /// <summary>The include patterns of the main file, collected as read.</summary>
    public List<Located<string>> Includes { get; } = [];

    /// <summary>Declared names of a kind in a scope, in declaration order.</summary>
    public IEnumerable<string> Declared(DeclarationKind kind, string scope) =>
        Declarations.Where(d => d.Key.Kind == kind && d.Key.Scope == scope).Select(d => d.Key.Name);
}

internal enum DeclarationKind
{
    Service,
    Repository,
    Source,
}

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

/// <summary>A name used somewhere (depends_on, repository, a check's source), checked once all files are read.</summary>
internal sealed record NameReference(
    ReferenceKind Kind, string Scope, string Name, string File, Mark Mark, string Path);
