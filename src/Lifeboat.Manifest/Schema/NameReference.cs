using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>A name used somewhere (depends_on, repository, a check's source), checked once all files are read.</summary>
internal sealed record NameReference(
    ReferenceKind Kind, string Scope, string Name, string File, Mark Mark, string Path);
