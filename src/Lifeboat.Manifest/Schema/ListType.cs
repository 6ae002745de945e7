using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>A YAML list of values of one type.</summary>
internal sealed class ListType<T>(SchemaType<T> item) : SchemaType<ValueList<T>>
{
    public SchemaType<T> Item { get; } = item;

    public int MinItems { get; init; }

    /// <summary>Items must be distinct (tags, table names).</summary>
    public bool Unique { get; init; }

    /// <summary>Items must have distinct names (post-restore steps, checks): the name and what an item is called.</summary>
    public (Func<T, string> Name, string Noun)? UniqueNames { get; init; }

    /// <summary>Called with each item read (includes are collected this way even when the file has other problems).</summary>
    public Action<ReadContext, T>? OnItem { get; init; }

    public override bool BlankMeansAbsent => true;

    public override string Expected => "a list";

    public override IEnumerable<SchemaType> Children => [Item];

    public override string ChildSegment => "[]";

    public override bool TryRead(YNode node, ReadContext context, [MaybeNullWhen(false)] out ValueList<T> value)
    {
        value = null;
        if (node is not YSequence sequence)
        {
            context.Report(node, $"expected {Expected}, got {node.Describe()}",
                node is YScalar ? "write a list, e.g. [" + ((YScalar)node).Value + "]" : null);
            return false;
        }

        if (sequence.Items.Count < MinItems)
        {
            context.Report(node, MinItems == 1 ? "is an empty list" : $"needs at least {MinItems} items");
            return false;
        }

        var ok = true;
        var items = new List<T>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            using var _ = context.Enter($"[{i}]");
            var itemNode = sequence.Items[i];
            if (!Item.TryRead(itemNode, context, out var read))
            {
                ok = false;
                continue;
            }

            if (Unique && items.Contains(read))
            {
                context.Report(itemNode, $"'{read}' is listed twice");
                ok = false;
                continue;
            }

            if (UniqueNames is var (nameOf, noun) && items.Any(item => nameOf(item) == nameOf(read)))
            {
                context.Report(itemNode, $"{noun} '{nameOf(read)}' is declared twice");
                ok = false;
                continue;
            }

            OnItem?.Invoke(context, read);
            items.Add(read);
        }

        value = ok ? new ValueList<T>(items) : null;
        return ok;
    }

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder)
    {
        var schema = new JsonObject { ["type"] = "array", ["items"] = Item.ToJsonSchema(builder) };
        if (MinItems > 0)
        {
            schema["minItems"] = MinItems;
        }

        if (Unique)
        {
            schema["uniqueItems"] = true;
        }

        return schema;
    }

    public override YNode Redact(YNode node, RedactionWalker walker) => walker.List(node, Item);
}
