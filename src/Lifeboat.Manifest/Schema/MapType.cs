using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>
/// A mapping from names the operator chooses to values of one type (services, sources, repositories).
/// Names may be declared for cross-reference checks; a name declared twice across files is a problem
/// naming both places.
/// </summary>
internal sealed partial class MapType<T>(string noun, SchemaType<T> value) : SchemaType<NamedMap<T>>
{
    /// <summary>What one entry is called in messages: "service", "source".</summary>
    public string Noun { get; } = noun;

    public SchemaType<T> Value { get; } = value;

    /// <summary>When set, names are declared (for references and duplicate checks across files).</summary>
    public DeclarationKind? Declares { get; init; }

    /// <summary>The entry's name becomes the service in scope (for source references inside it).</summary>
    public bool ScopesService { get; init; }

    /// <summary>Names must be simple identifiers (they become snapshot tags and paths).</summary>
    public bool SimpleNames { get; init; } = true;

    public int MinCount { get; init; }

    public override bool BlankMeansAbsent => true;

    public override string Expected => $"a mapping of {Noun} names to {Noun} settings";

    public override IEnumerable<SchemaType> Children => [Value];

    public override string ChildSegment => ".*";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    internal static partial Regex SimpleName();

    public override bool TryRead(YNode node, ReadContext context, [MaybeNullWhen(false)] out NamedMap<T> value)
    {
        value = null;
        if (node is not YMapping mapping)
        {
            context.Report(node, $"expected {Expected}, got {node.Describe()}");
            return false;
        }

        var ok = true;
        var entries = new List<KeyValuePair<string, T>>();
        foreach (var entry in mapping.Entries)
        {
            var name = entry.Key.Value;
            if (name.StartsWith("x-", StringComparison.Ordinal) && !ScopesService && Declares is null)
            {
                continue;
            }

            if (SimpleNames && !SimpleName().IsMatch(name))
            {
                ok = false;
                context.Report(entry.Key, $"invalid {Noun} name '{name}'",
                    "use letters, digits, '_', '.' and '-', starting with a letter or digit, at most 64 characters");
                continue;
            }

            if (Declares is { } kind && !Declare(kind, entry.Key, context))
            {
                ok = false;
                continue;
            }

            var previousService = context.Service;
            using (context.Enter(name, entry.Key, name))
            {
                if (ScopesService)
                {
                    context.Service = name;
                }

                var item = entry.Value is YScalar { IsNull: true } empty ? new YMapping([], empty.Start, empty.End) : entry.Value;
                if (Value.TryRead(item, context, out var read))
                {
                    entries.Add(KeyValuePair.Create(name, read));
                }
                else
                {
                    ok = false;
                }

                context.Service = previousService;
            }
        }

        if (entries.Count < MinCount && ok)
        {
            context.ReportAtOwner(node, $"declares no {Noun}", MinCount == 1 ? $"declare at least one {Noun}" : $"declare at least {MinCount}");
            ok = false;
        }

        value = ok ? new NamedMap<T>(entries) : null;
        return ok;
    }

    private bool Declare(DeclarationKind kind, YScalar key, ReadContext context)
    {
        var scope = kind == DeclarationKind.Source ? context.Service : "";
        var declaration = new Declaration(context.Document.File, key.Start, context.Load.Declarations.Count);
        if (context.Load.Declarations.TryAdd((kind, scope, key.Value), declaration))
        {
            return true;
        }

        var first = context.Load.Declarations[(kind, scope, key.Value)];
        context.Report(key, $"{Noun} '{key.Value}' is declared twice", $"first declared at {first.Location}");
        return false;
    }

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder)
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = Value.ToJsonSchema(builder),
        };
        if (SimpleNames)
        {
            schema["propertyNames"] = new JsonObject { ["pattern"] = SimpleName().ToString() };
        }

        if (MinCount > 0)
        {
            schema["minProperties"] = MinCount;
        }

        return schema;
    }

    public override YNode Redact(YNode node, RedactionWalker walker) => walker.Map(node, Value);
}
