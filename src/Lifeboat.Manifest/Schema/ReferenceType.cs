using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>
/// The name of something declared elsewhere (a service, a repository, a source of this service). It is
/// recorded and checked once every file is read, so a service may depend on one from another file.
/// </summary>
internal sealed class ReferenceType(ReferenceKind kind) : ScalarType<string>
{
    public ReferenceKind Kind { get; } = kind;

    public override string Expected => $"the name of {Kind.TagNoun ?? "a " + Kind.Noun}";

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder) => new() { ["type"] = "string", ["minLength"] = 1 };

    protected override bool TryConvert(InterpolatedText text, YScalar node, ReadContext context, [MaybeNullWhen(false)] out string value)
    {
        value = text.Value.Trim();
        if (value.Length == 0)
        {
            return Fail(context, node, "is empty", $"expected {Expected}");
        }

        context.Load.References.Add(new NameReference(Kind, context.Service, value, context.Document.File, node.Start, context.Path));
        return true;
    }
}
