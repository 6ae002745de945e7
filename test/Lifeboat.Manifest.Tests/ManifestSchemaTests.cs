using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Lifeboat.Manifest.Tests;

public sealed partial class ManifestSchemaTests
{
    private static readonly JsonObject Schema = JsonNode.Parse(ManifestSchema.ToJson())!.AsObject();

    [Fact]
    public void Schema_is_draft_2020_12_json()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)Schema["$schema"]);
        Assert.Equal("object", (string?)Schema["type"]);
        Assert.Equal(["version"], Schema["required"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void Every_reference_resolves()
    {
        var references = AllNodes(Schema).OfType<JsonObject>()
            .Select(o => (string?)o["$ref"])
            .OfType<string>()
            .ToList();

        Assert.NotEmpty(references);
        foreach (var reference in references)
        {
            Assert.StartsWith("#/$defs/", reference, StringComparison.Ordinal);
            Assert.NotNull(Schema["$defs"]![reference["#/$defs/".Length..]]);
        }
    }

    [Fact]
    public void Schema_describes_every_key_the_loader_accepts()
    {
        Assert.True(ManifestSchema.KeyPaths.Count > 100, $"only {ManifestSchema.KeyPaths.Count} key paths");
        foreach (var path in ManifestSchema.KeyPaths)
        {
            var property = Navigate(path);
            Assert.True(property is not null, $"the JSON Schema has no '{path}'");
            Assert.True(property!["description"] is not null || property["$ref"] is not null || property["enum"] is not null, $"'{path}' has no description");
        }
    }

    [Theory]
    [InlineData("version")]
    [InlineData("include")]
    [InlineData("repositories.*.password_command")]
    [InlineData("repositories.*.options")]
    [InlineData("defaults.retention.keep_monthly")]
    [InlineData("defaults.hooks.on_error")]
    [InlineData("services.*.depends_on")]
    [InlineData("services.*.backup.enabled")]
    [InlineData("services.*.health.expect_status")]
    [InlineData("services.*.sources.*.type")]
    [InlineData("services.*.sources.*[postgres].format")]
    [InlineData("services.*.sources.*[mariadb].password_file")]
    [InlineData("services.*.sources.*[files].exclude")]
    [InlineData("services.*.sources.*[env].keys")]
    [InlineData("services.*.sources.*[command].restore")]
    [InlineData("services.*.post_restore[].sql")]
    [InlineData("services.*.post_restore[].run")]
    [InlineData("services.*.retention.keep_within")]
    [InlineData("services.*.verify[][sql].expect_min")]
    [InlineData("services.*.verify[][references].files_source")]
    [InlineData("services.*.verify[][files].sha256")]
    [InlineData("services.*.drill.server")]
    public void Key_paths_include_the_documented_keys(string path)
    {
        Assert.Contains(path, ManifestSchema.KeyPaths);
    }

    [Fact]
    public void Source_types_are_listed_with_their_own_keys()
    {
        var source = Schema["$defs"]!["source"]!;
        Assert.Equal(["postgres", "mysql", "mariadb", "sqlite", "files", "env", "command"], source["properties"]!["type"]!["enum"]!.AsArray().Select(n => (string?)n));
        var postgres = source["oneOf"]!.AsArray().Single(v => (string?)v!["properties"]!["type"]!["const"] == "postgres")!;
        Assert.Equal(["type", "url"], postgres["required"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("custom", (string?)postgres["properties"]!["format"]!["default"]);
    }

    /// <summary>The schema of the key at a key path (<c>services.*.sources.*[postgres].url</c>), or null.</summary>
    private static JsonNode? Navigate(string path)
    {
        JsonNode? node = Schema;
        foreach (var segment in path.Split('.'))
        {
            var match = Segment().Match(segment);
            var name = match.Groups["name"].Value;
            node = name == "*" ? Resolve(node)?["additionalProperties"] : Resolve(node)?["properties"]?[name];
            foreach (var suffix in match.Groups["suffix"].Captures.Select(c => c.Value))
            {
                node = suffix == "[]"
                    ? Resolve(node)?["items"]
                    : Resolve(node)?["oneOf"]?.AsArray().FirstOrDefault(v => (string?)v?["properties"]?["type"]?["const"] == suffix[1..^1]);
            }
        }

        return node;
    }

    private static JsonNode? Resolve(JsonNode? node) =>
        node?["$ref"] is { } reference ? Schema["$defs"]![((string)reference!)["#/$defs/".Length..]] : node;

    private static IEnumerable<JsonNode?> AllNodes(JsonNode? node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.SelectMany(AllNodes))
        {
            yield return child;
        }
    }

    [GeneratedRegex(@"^(?<name>[^\[]+)(?<suffix>\[[^\]]*\])*$")]
    private static partial Regex Segment();
}
