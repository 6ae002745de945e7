using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>One of a fixed set of words, each mapped to a value.</summary>
internal sealed class EnumType<T>(params (string Name, T Value)[] members) : ScalarType<T>
{
    public IReadOnlyList<(string Name, T Value)> Members { get; } = members;

    public override string Expected => "one of " + string.Join(", ", Members.Select(m => m.Name));

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder) => new()
    {
        ["enum"] = new JsonArray([.. Members.Select(m => (JsonNode)JsonValue.Create(m.Name))]),
    };

    protected override bool TryConvert(InterpolatedText text, YScalar node, ReadContext context, [MaybeNullWhen(false)] out T value)
    {
        foreach (var (name, member) in Members)
        {
            if (name == text.Value)
            {
                value = member;
                return true;
            }
        }

        value = default;
        return Fail(context, node, $"expected {Expected}, got {Show(text)}",
            Suggestions.Hint(text.Value, [.. Members.Select(m => m.Name)], listWhenNoMatch: false));
    }
}
