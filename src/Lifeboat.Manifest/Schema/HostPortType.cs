using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>A TCP endpoint <c>host:port</c>.</summary>
internal sealed class HostPortType : ScalarType<string>
{
    public override string Expected => "host:port";

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder) => new()
    {
        ["type"] = "string",
        ["pattern"] = "^.+:[0-9]{1,5}$",
        ["examples"] = new JsonArray("127.0.0.1:5432"),
    };

    protected override bool TryConvert(InterpolatedText text, YScalar node, ReadContext context, [MaybeNullWhen(false)] out string value)
    {
        value = text.Value.Trim();
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return Mismatch(text, node, context, "for example 127.0.0.1:5432");
        }

        return true;
    }
}
