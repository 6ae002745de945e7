using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>A value together with where it was written (for problems found after reading, like a missing include).</summary>
internal sealed class LocatedType<T>(SchemaType<T> inner) : SchemaType<Located<T>>
{
    public override string Expected => inner.Expected;

    public override IEnumerable<SchemaType> Children => [inner];

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder) => inner.ToJsonSchema(builder);

    public override bool TryRead(YNode node, ReadContext context, [MaybeNullWhen(false)] out Located<T> value)
    {
        value = null;
        if (!inner.TryRead(node, context, out var read))
        {
            return false;
        }

        value = new Located<T>(read, context.Document.File, node.Start, context.Path);
        return true;
    }

    public override YNode Redact(YNode node, RedactionWalker walker) => inner.Redact(node, walker);
}
