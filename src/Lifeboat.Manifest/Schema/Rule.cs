using System.Text.Json.Nodes;

namespace Lifeboat.Manifest.Schema;

/// <summary>A constraint between keys of one mapping, checked on read and written to the JSON Schema.</summary>
internal abstract class Rule
{
    /// <summary>Checks the rule; reports and returns false when it is broken.</summary>
    public abstract bool Check(ObjectReader reader);

    public abstract JsonObject ToJsonSchema();

    protected static string List(IReadOnlyList<Property> properties, string conjunction)
    {
        var names = properties.Select(p => $"'{p.Name}'").ToList();
        return names.Count <= 2
            ? string.Join($" {conjunction} ", names)
            : string.Join(", ", names.Take(names.Count - 1)) + $" {conjunction} " + names[^1];
    }

    protected static JsonArray Required(params IEnumerable<Property> properties) =>
        [.. properties.Select(p => (JsonNode?)JsonValue.Create(p.Name))];
}
