using System.Text.Json.Nodes;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>A duration like <c>90s</c>, <c>30m</c>, <c>24h</c>, <c>7d</c>, <c>2w</c> or <c>1h30m</c>.</summary>
internal sealed class DurationType : ScalarType<TimeSpan>
{
    public const string Pattern = "^([0-9]+[smhdw])+$";

    public override string Expected => "a duration like 90s, 30m, 24h, 7d or 1h30m";

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder) => builder.Reference("duration", () => new JsonObject
    {
        ["type"] = "string",
        ["pattern"] = Pattern,
        ["description"] = "A duration: a number and a unit (s, m, h, d, w), possibly repeated: 90s, 30m, 24h, 7d, 1h30m.",
    });

    protected override bool TryConvert(InterpolatedText text, YScalar node, ReadContext context, out TimeSpan value)
    {
        if (!Durations.TryParse(text.Value.Trim(), out value, out var error))
        {
            return Fail(context, node, $"invalid duration {Show(text)}: {error}", "write a number followed by s, m, h, d or w: 90s, 30m, 24h, 7d, 1h30m");
        }

        return value > TimeSpan.Zero || Fail(context, node, "must be longer than zero");
    }
}
