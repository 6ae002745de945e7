using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>
/// A mapping whose <c>type</c> key picks one of several object types (sources, verify checks). The
/// other keys are those of the chosen variant.
/// </summary>
internal sealed class UnionType<T>(string name, string description, IReadOnlyList<(string Tag, ObjectType<T> Type, string Description)> variants)
    : SchemaType<T>, IUnionType
{
    public const string Discriminator = "type";

    public string Name { get; } = name;

    public IReadOnlyList<(string Tag, ObjectType<T> Type, string Description)> Variants { get; } = variants;

    public IEnumerable<string> Tags => Variants.Select(v => v.Tag);

    /// <summary>Called with the variant's tag once it is known (sources record their kind).</summary>
    public Action<ReadContext, string>? OnTag { get; init; }

    public override bool BlankMeansAbsent => true;

    public override string Expected => $"a mapping with 'type: {string.Join("|", Tags)}'";

    public override IEnumerable<SchemaType> Children => Variants.Select(v => v.Type);

    public IEnumerable<(string Tag, SchemaType Type)> TaggedVariants => Variants.Select(v => (v.Tag, (SchemaType)v.Type));

    public override bool TryRead(YNode node, ReadContext context, [MaybeNullWhen(false)] out T value)
    {
        value = default;
        if (node is not YMapping mapping)
        {
            context.Report(node, $"expected a mapping of {Name} settings, got {node.Describe()}");
            return false;
        }

        var tag = Tag(mapping, context);
        if (tag is null)
        {
            return false;
        }

        OnTag?.Invoke(context, tag.Value.Tag);
        return tag.Value.Type.TryRead(mapping, context, Discriminator, out value);
    }

    private (string Tag, ObjectType<T> Type)? Tag(YMapping mapping, ReadContext context)
    {
        var entry = mapping.Find(Discriminator);
        if (entry is null || entry.Value is YScalar { IsNull: true })
        {
            context.ReportAtOwner(mapping, $"missing required key '{Discriminator}'", "one of: " + string.Join(", ", Tags));
            return null;
        }

        using var _ = context.Enter(Discriminator, entry.Key);
        if (entry.Value is not YScalar scalar)
        {
            context.Report(entry.Value, $"expected one of {string.Join(", ", Tags)}, got {entry.Value.Describe()}");
            return null;
        }

        var text = context.Interpolate(scalar);
        if (text is null)
        {
            return null;
        }

        foreach (var (tag, type, _) in Variants)
        {
            if (tag == text.Value)
            {
                return (tag, type);
            }
        }

        context.Report(scalar, $"unknown {Name} type '{text.Value}'", Suggestions.Hint(text.Value, [.. Tags]));
        return null;
    }

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder) => builder.Reference(Name, () =>
    {
        var variants = new JsonArray();
        foreach (var (tag, type, description) in Variants)
        {
            var discriminator = new JsonObject { ["const"] = tag, ["description"] = description };
            variants.Add(type.Describe(builder, (Discriminator, discriminator)));
        }

        return new JsonObject
        {
            ["description"] = description,
            ["type"] = "object",
            ["required"] = new JsonArray(Discriminator),
            ["properties"] = new JsonObject
            {
                [Discriminator] = new JsonObject
                {
                    ["description"] = $"The kind of {Name}.",
                    ["enum"] = new JsonArray([.. Tags.Select(t => (JsonNode)JsonValue.Create(t))]),
                },
            },
            ["oneOf"] = variants,
        };
    });

    public override YNode Redact(YNode node, RedactionWalker walker)
    {
        if (node is YMapping mapping && mapping.Find(Discriminator)?.Value is YScalar { Value: var tag })
        {
            foreach (var variant in Variants)
            {
                if (variant.Tag == tag)
                {
                    return variant.Type.Redact(node, walker);
                }
            }
        }

        return walker.Generic(node, secret: false);
    }
}
