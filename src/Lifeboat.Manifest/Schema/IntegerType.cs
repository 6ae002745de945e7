using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>A whole number within bounds.</summary>
internal sealed class IntegerType(long minimum = long.MinValue, long maximum = long.MaxValue) : ScalarType<long>
{
    public override string Expected => (minimum, maximum) switch
    {
        (long.MinValue, long.MaxValue) => "an integer",
        (_, long.MaxValue) => minimum == 0 ? "a whole number (0 or more)" : $"an integer of at least {minimum}",
        _ => $"an integer from {minimum} to {maximum}",
    };

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder)
    {
        var schema = new JsonObject { ["type"] = "integer" };
        if (minimum != long.MinValue)
        {
            schema["minimum"] = minimum;
        }

        if (maximum != long.MaxValue)
        {
            schema["maximum"] = maximum;
        }

        return schema;
    }

    protected override bool TryConvert(InterpolatedText text, YScalar node, ReadContext context, [MaybeNullWhen(false)] out long value)
    {
        if (!long.TryParse(text.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return Mismatch(text, node, context);
        }

        return value >= minimum && value <= maximum || Mismatch(text, node, context);
    }
}
