using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>What reading all files of one manifest shares: problems, declared names, references.</summary>
internal sealed class LoadState(IVariableProvider variables)
{
    public IVariableProvider Variables { get; } = variables;

    public List<ManifestProblem> Problems { get; } = [];

    public Dictionary<(DeclarationKind Kind, string Scope, string Name), Declaration> Declarations { get; } = [];

    public List<NameReference> References { get; } = [];

    /// <summary>Every secret value met while reading (interpolated secrets, inline passwords, URL passwords).</summary>
    public HashSet<string> Secrets { get; } = new(StringComparer.Ordinal);

    /// <summary>The include patterns of the main file, collected as read.</summary>
    public List<Located<string>> Includes { get; } = [];

    /// <summary>Declared names of a kind in a scope, in declaration order.</summary>
    public IEnumerable<string> Declared(DeclarationKind kind, string scope) =>
        Declarations.Where(d => d.Key.Kind == kind && d.Key.Scope == scope).Select(d => d.Key.Name);
}
