using System.Text.Json.Nodes;

namespace Lifeboat.Manifest.Schema;

/// <summary>At least one of the keys must be given.</summary>
internal sealed class AnyOf(params Property[] properties) : Rule
{
    public IReadOnlyList<Property> Properties { get; } = properties;

    public override bool Check(ObjectReader reader)
    {
        if (Properties.Any(reader.Written))
        {
            return true;
        }

        reader.Context.ReportAtOwner(reader.Mapping, $"needs at least one of {List(Properties, "or")}");
        return false;
    }

    public override JsonObject ToJsonSchema() => new()
    {
        ["anyOf"] = new JsonArray([.. Properties.Select(p => (JsonNode)new JsonObject { ["required"] = Required(p) })]),
    };
}
