using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>A string, optionally constrained by a pattern.</summary>
internal sealed class StringType(string expected = "a string") : ScalarType<string>
{
    public override string Expected { get; } = expected;

    public bool AllowEmpty { get; init; }

    /// <summary>A pattern the whole value must match (also written to the JSON Schema).</summary>
    public Regex? Pattern { get; init; }

    public string? PatternHint { get; init; }

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder)
    {
        var schema = new JsonObject { ["type"] = "string" };
        if (Pattern is not null)
        {
            schema["pattern"] = Pattern.ToString();
        }
        else if (!AllowEmpty)
        {
            schema["minLength"] = 1;
        }

        return schema;
    }

    protected override bool TryConvert(InterpolatedText text, YScalar node, ReadContext context, [MaybeNullWhen(false)] out string value)
    {
        value = text.Value;
        if (!AllowEmpty && value.Trim().Length == 0)
        {
            return Fail(context, node, "is empty", $"expected {Expected}");
        }

        if (Pattern is not null && !Pattern.IsMatch(value))
        {
            return Mismatch(text, node, context, PatternHint);
        }

        return true;
    }
}
