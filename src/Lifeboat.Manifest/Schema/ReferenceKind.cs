namespace Lifeboat.Manifest.Schema;

/// <summary>What a name in the manifest refers to, and what it must be.</summary>
internal sealed record ReferenceKind(string Noun, DeclarationKind Kind, IReadOnlySet<string>? Tags = null, string? TagNoun = null)
{
    /// <summary>A service named in depends_on (edges of the restore order).</summary>
    public static ReferenceKind Dependency { get; } = new("service", DeclarationKind.Service);

    public static ReferenceKind Repository { get; } = new("repository", DeclarationKind.Repository);

    public static ReferenceKind DatabaseSource { get; } = new("source", DeclarationKind.Source,
        new HashSet<string>(StringComparer.Ordinal) { "postgres", "mysql", "mariadb", "sqlite" },
        "a database source (postgres, mysql, mariadb or sqlite)");

    public static ReferenceKind FilesSource { get; } = new("source", DeclarationKind.Source,
        new HashSet<string>(StringComparer.Ordinal) { "files" }, "a files source");
}
