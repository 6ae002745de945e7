using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>
/// A mapping with known keys (<see cref="Property"/>), constraints between them (<see cref="Rule"/>) and a
/// function that builds the model record once every key was read. Unknown keys are problems with a
/// "did you mean" hint; keys starting with <c>x-</c> are ignored (room for YAML anchors).
/// </summary>
internal sealed class ObjectType<T>(string name, string description, IReadOnlyList<Property> properties, Func<ObjectReader, T> build)
    : SchemaType<T>, IObjectType
{
    private readonly Dictionary<string, Property> _byName = properties.ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>The name in JSON Schema <c>$defs</c> and in messages ("service", "postgres source").</summary>
    public string Name { get; } = name;

    public string Description { get; } = description;

    public IReadOnlyList<Property> Properties { get; } = properties;

    public IReadOnlyList<Rule> Rules { get; init; } = [];

    /// <summary>Written once under <c>$defs</c> and referenced, rather than inline.</summary>
    public bool Shared { get; init; }

    public override bool BlankMeansAbsent => true;

    public override string Expected => "a mapping";

    public override IEnumerable<SchemaType> Children => Properties.Select(p => p.Type);

    public override bool TryRead(YNode node, ReadContext context, [MaybeNullWhen(false)] out T value) =>
        TryRead(node, context, discriminator: null, out value);

    /// <summary>Reads a mapping; <paramref name="discriminator"/> names a key read by a union (<c>type</c>).</summary>
    public bool TryRead(YNode node, ReadContext context, string? discriminator, [MaybeNullWhen(false)] out T value)
    {
        value = default;
        if (node is not YMapping mapping)
        {
            context.Report(node, $"expected a mapping of {Name} settings, got {node.Describe()}");
            return false;
        }

        var reader = new ObjectReader(mapping, context);
        var ok = true;
        var seen = new HashSet<Property>();
        foreach (var entry in mapping.Entries)
        {
            if (entry.Key.Value != discriminator && !entry.Key.Value.StartsWith("x-", StringComparison.Ordinal))
            {
                ok &= ReadEntry(entry, context, reader, seen);
            }
        }

        foreach (var property in Properties)
        {
            if (property.Required && !seen.Contains(property))
            {
                ok = false;
                context.ReportAtOwner(mapping, $"missing required key '{property.Name}'",
                    property.Example is null ? null : $"for example {property.Name}: {property.Example}");
            }
        }

        foreach (var rule in Rules)
        {
            ok &= rule.Check(reader);
        }

        if (!ok)
        {
            return false;
        }

        value = build(reader);
        return !reader.Failed;
    }

    private bool ReadEntry(YEntry entry, ReadContext context, ObjectReader reader, HashSet<Property> seen)
    {
        var key = entry.Key.Value;
        if (!_byName.TryGetValue(key, out var property))
        {
            var names = Properties.Select(p => p.Name).ToList();
            context.Report(entry.Key, $"unknown key '{key}'",
                Suggestions.Hint(key, names, listWhenNoMatch: false) ?? $"{Name} keys are: {string.Join(", ", names)}");
            return false;
        }

        seen.Add(property);
        using var _ = context.Enter(key, entry.Key);
        if (entry.Value is YScalar { IsNull: true })
        {
            if (property.Required || !property.Type.BlankMeansAbsent)
            {
                context.Report(entry.Key, "needs a value", $"expected {property.Type.Expected}");
                return false;
            }

            return true;
        }

        if (!property.Type.TryReadValue(entry.Value, context, out var read))
        {
            return false;
        }

        reader.Set(property, read, entry);
        return true;
    }

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder) =>
        Shared ? builder.Reference(Name, () => Describe(builder)) : Describe(builder);

    /// <summary>The schema of this object itself (not a reference), optionally with an extra leading property.</summary>
    public JsonObject Describe(JsonSchemaBuilder builder, (string Name, JsonObject Schema)? extra = null)
    {
        var props = new JsonObject();
        if (extra is { } e)
        {
            props[e.Name] = e.Schema;
        }

        foreach (var property in Properties)
        {
            props[property.Name] = builder.PropertySchema(property);
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["description"] = Description,
            ["properties"] = props,
            ["patternProperties"] = new JsonObject { ["^x-"] = new JsonObject() },
            ["additionalProperties"] = false,
        };
        var required = Properties.Where(p => p.Required).Select(p => p.Name).ToList();
        if (extra is not null)
        {
            required.Insert(0, extra.Value.Name);
        }

        if (required.Count > 0)
        {
            schema["required"] = new JsonArray([.. required.Select(n => (JsonNode)JsonValue.Create(n))]);
        }

        if (Rules.Count > 0)
        {
            schema["allOf"] = new JsonArray([.. Rules.Select(r => (JsonNode)r.ToJsonSchema())]);
        }

        return schema;
    }

    public override YNode Redact(YNode node, RedactionWalker walker) => walker.Object(node, _byName);
}
