using System.Text.Json.Nodes;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>Writes a JSON Schema (draft 2020-12) from schema types, sharing named parts under <c>$defs</c>.</summary>
internal sealed class JsonSchemaBuilder
{
    private readonly JsonObject _defs = [];

    /// <summary>A <c>$ref</c> to the named definition, describing it the first time.</summary>
    public JsonObject Reference(string name, Func<JsonObject> describe)
    {
        if (!_defs.ContainsKey(name))
        {
            _defs[name] = null; // reserve the name (and the order) while describing
            _defs[name] = describe();
        }

        return new JsonObject { ["$ref"] = "#/$defs/" + name };
    }

    public JsonObject PropertySchema(Property property)
    {
        var schema = property.Type.ToJsonSchema(this);
        schema["description"] = property.Description;
        if (property.DefaultJson is { } value)
        {
            schema["default"] = value;
        }

        if (property.Example is not null && !schema.ContainsKey("examples"))
        {
            schema["examples"] = new JsonArray(YamlJson.Parse(property.Example));
        }

        return schema;
    }

    public JsonObject Build(SchemaType root, string title)
    {
        var body = root.ToJsonSchema(this);
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "urn:lifeboat:manifest:v1",
            ["title"] = title,
        };
        foreach (var (key, value) in body.ToList())
        {
            body.Remove(key);
            schema[key] = value;
        }

        schema["$defs"] = _defs;
        return schema;
    }
}
