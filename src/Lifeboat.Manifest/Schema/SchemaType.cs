using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>
/// One kind of value in the manifest's schema. The same description reads and validates YAML
/// (<see cref="SchemaType{T}.TryRead"/>), writes the JSON Schema (<see cref="ToJsonSchema"/>) and
/// tells the redactor which values are secret (<see cref="Redact"/>).
/// </summary>
internal abstract class SchemaType
{
    /// <summary>What a value of this type looks like, for messages: "an integer", "a duration like 30m".</summary>
    public abstract string Expected { get; }

    /// <summary>The types nested in this one (object properties, list items, map values, variants).</summary>
    public virtual IEnumerable<SchemaType> Children => [];

    /// <summary>
    /// A key written with no value (<c>hooks:</c>) counts as absent for collections and mappings; for
    /// single values it is a problem, so that <c>password_file:</c> left blank is not silently ignored.
    /// </summary>
    public virtual bool BlankMeansAbsent => false;

    /// <summary>How a key path continues into the children: ".*" for a map's entries, "[]" for a list's items.</summary>
    public virtual string ChildSegment => "";

    public abstract JsonObject ToJsonSchema(JsonSchemaBuilder builder);

    public abstract bool TryReadValue(YNode node, ReadContext context, out object? value);

    /// <summary>The node with every secret in it replaced; by default a generic, key-name based redaction.</summary>
    public virtual YNode Redact(YNode node, RedactionWalker walker) => walker.Generic(node, secret: false);
}

internal abstract class SchemaType<T> : SchemaType
{
    public abstract bool TryRead(YNode node, ReadContext context, [MaybeNullWhen(false)] out T value);

    public sealed override bool TryReadValue(YNode node, ReadContext context, out object? value)
    {
        var ok = TryRead(node, context, out var typed);
        value = typed;
        return ok;
    }
}
