using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>A file system path; a relative path is taken relative to the manifest file that contains it.</summary>
internal sealed class PathType(string expected = "a path") : ScalarType<string>
{
    public override string Expected { get; } = expected;

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder) => new() { ["type"] = "string", ["minLength"] = 1 };

    protected override bool TryConvert(InterpolatedText text, YScalar node, ReadContext context, [MaybeNullWhen(false)] out string value)
    {
        value = text.Value.Trim();
        if (value.Length == 0)
        {
            return Fail(context, node, "is empty", $"expected {Expected}");
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return Mismatch(text, node, context);
        }

        value = Path.GetFullPath(value, context.Document.Directory);
        if (value.Length > 1)
        {
            value = value.TrimEnd('/');
        }

        return true;
    }
}
