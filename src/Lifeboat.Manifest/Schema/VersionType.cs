using System.Text.Json.Nodes;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>The manifest format version: 1.</summary>
internal sealed class VersionType : ScalarType<long>
{
    public const long Current = 1;

    public override string Expected => "1";

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder) => new() { ["const"] = Current };

    protected override bool TryConvert(InterpolatedText text, YScalar node, ReadContext context, out long value)
    {
        value = Current;
        return text.Value.Trim() == "1"
            || Fail(context, node, $"unsupported manifest version {Show(text)}", "this version of Lifeboat reads manifests of version 1");
    }
}
