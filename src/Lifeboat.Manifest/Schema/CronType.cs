using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Cronos;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>A five-field cron expression (<c>30 2 * * *</c>) or a macro (<c>@daily</c>), checked with Cronos.</summary>
internal sealed class CronType : ScalarType<string>
{
    public override string Expected => "a cron expression like '30 2 * * *' or @daily";

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder) => new()
    {
        ["type"] = "string",
        ["examples"] = new JsonArray("30 2 * * *", "@daily", "0 */6 * * *"),
    };

    protected override bool TryConvert(InterpolatedText text, YScalar node, ReadContext context, [MaybeNullWhen(false)] out string value)
    {
        value = text.Value.Trim();
        try
        {
            CronExpression.Parse(value, CronFormat.Standard);
            return true;
        }
        catch (CronFormatException ex)
        {
            var reason = ex.Message.Replace("The given cron expression has an invalid format. ", "", StringComparison.Ordinal).Replace(" (all inclusive)", "", StringComparison.Ordinal).TrimEnd('.');
            return Fail(context, node, $"invalid cron expression {Show(text)}: {reason}",
                "five fields: minute hour day-of-month month day-of-week, e.g. '30 2 * * *', or @hourly, @daily, @weekly, @monthly");
        }
    }
}
