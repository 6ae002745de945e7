using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>
/// A secret written in the manifest. Only <c>${VAR}</c> interpolation is accepted: a literal password
/// would end up in version control and support bundles.
/// </summary>
internal sealed class SecretType(string fileKey, string commandKey) : ScalarType<SecretValue>
{
    public override bool IsSecret => true;

    public override string Expected => "a ${VARIABLE} reference";

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder) => new()
    {
        ["type"] = "string",
        ["pattern"] = "\\$\\{",
        ["writeOnly"] = true,
    };

    protected override bool TryConvert(InterpolatedText text, YScalar node, ReadContext context, [MaybeNullWhen(false)] out SecretValue value)
    {
        value = null;
        if (!text.HasReferences)
        {
            return Fail(context, node, "a secret cannot be written in the manifest",
                $"use {fileKey}, {commandKey}, or an environment variable: ${{VARIABLE}}");
        }

        if (text.Value.Length == 0)
        {
            return Fail(context, node, "is empty");
        }

        context.Load.Secrets.Add(text.Value);
        value = new SecretValue(text.Value);
        return true;
    }
}
