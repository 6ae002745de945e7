using System.Text.Json;
using Lifeboat.Manifest.Definitions;
using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest;

/// <summary>
/// The manifest's schema, published. The JSON Schema and <see cref="KeyPaths"/> come from the same
/// description the loader validates with, so they cannot drift apart.
/// </summary>
public static class ManifestSchema
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The JSON Schema (draft 2020-12) of <c>lifeboat.yaml</c>, indented.</summary>
    public static string ToJson() =>
        new JsonSchemaBuilder().Build(FileSchema.Main, "Lifeboat manifest (lifeboat.yaml)").ToJsonString(Indented);

    /// <summary>
    /// Every key the manifest accepts, as a path: <c>services.*.sources.*.url</c>; keys of one source or
    /// check type carry it: <c>services.*.sources.*[postgres].format</c>.
    /// </summary>
    public static IReadOnlyList<string> KeyPaths { get; } = CollectKeyPaths();

    private static List<string> CollectKeyPaths()
    {
        var paths = new List<string>();
        Walk(FileSchema.Main, "", paths);
        return [.. paths.Distinct()];
    }

    private static void Walk(SchemaType type, string prefix, List<string> paths)
    {
        switch (type)
        {
            case IObjectType obj:
                foreach (var property in obj.Properties)
                {
                    var path = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
                    paths.Add(path);
                    Walk(property.Type, path, paths);
                }

                break;
            case IUnionType union:
                paths.Add($"{prefix}.{UnionType<SourceConfig>.Discriminator}");
                foreach (var (tag, variant) in union.TaggedVariants)
                {
                    Walk(variant, $"{prefix}[{tag}]", paths);
                }

                break;
            default:
                foreach (var child in type.Children)
                {
                    Walk(child, prefix + type.ChildSegment, paths);
                }

                break;
        }
    }
}
