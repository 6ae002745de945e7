using System.Text.Json.Nodes;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>true or false (YAML 1.2: yes/no/on/off are strings, and refused here with a hint).</summary>
internal sealed class BooleanType : ScalarType<bool>
{
    public override string Expected => "true or false";

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder) => new() { ["type"] = "boolean" };

    protected override bool TryConvert(InterpolatedText text, YScalar node, ReadContext context, out bool value)
    {
        switch (text.Value.Trim())
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                value = false;
                return true;
            default:
                value = false;
                return Mismatch(text, node, context);
        }
    }
}
