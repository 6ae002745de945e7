using System.Text.Json.Nodes;

namespace Lifeboat.Manifest.Yaml;

/// <summary>YAML trees as JSON: plain true/false/integers/null become JSON literals, everything else strings.</summary>
internal static class YamlJson
{
    public static JsonNode? ToJson(YNode node) => node switch
    {
        YScalar { IsNull: true } => null,
        YScalar { IsQuoted: false, Value: "true" or "false" } scalar => JsonValue.Create(scalar.Value == "true"),
        YScalar { IsQuoted: false } scalar when long.TryParse(scalar.Value, out var number) => JsonValue.Create(number),
        YScalar scalar => JsonValue.Create(scalar.Value),
        YSequence sequence => new JsonArray([.. sequence.Items.Select(ToJson)]),
        YMapping mapping => new JsonObject(mapping.Entries.Select(e => KeyValuePair.Create(e.Key.Value, ToJson(e.Value)))),
        _ => null,
    };

    /// <summary>A YAML snippet (an example value) as JSON; unparsable text stays a string.</summary>
    public static JsonNode? Parse(string yaml)
    {
        var problems = new List<ManifestProblem>();
        var node = YamlTreeReader.Read("value: " + yaml, "example", problems);
        return problems.Count == 0 && node is YMapping { Entries: [var entry] } ? ToJson(entry.Value) : JsonValue.Create(yaml);
    }
}
