using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>A restic calendar duration for <c>keep_within</c>: <c>1y6m</c>, <c>30d</c>, <c>1y2m3d4h</c>.</summary>
internal sealed class CalendarDurationType : ScalarType<CalendarDuration>
{
    public override string Expected => "a duration in years, months, days and hours like 1y6m or 30d";

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder) => new()
    {
        ["type"] = "string",
        ["pattern"] = "^([0-9]+[ymdh])+$",
    };

    protected override bool TryConvert(InterpolatedText text, YScalar node, ReadContext context, [MaybeNullWhen(false)] out CalendarDuration value)
    {
        if (!CalendarDuration.TryParse(text.Value.Trim(), out value, out var error))
        {
            return Fail(context, node, $"invalid duration {Show(text)}: {error}",
                "write numbers with units y (years), m (months), d (days), h (hours), e.g. 1y6m or 30d");
        }

        return true;
    }
}
