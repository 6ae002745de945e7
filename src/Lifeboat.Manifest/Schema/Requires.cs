using System.Text.Json.Nodes;

namespace Lifeboat.Manifest.Schema;

/// <summary>When <paramref name="property"/> is given, <paramref name="needed"/> must be given too.</summary>
internal sealed class Requires(Property property, Property needed, string why) : Rule
{
    public override bool Check(ObjectReader reader)
    {
        if (!reader.Written(property) || reader.Written(needed))
        {
            return true;
        }

        reader.KeyProblem(property, $"'{property.Name}' needs '{needed.Name}' {why}");
        return false;
    }

    public override JsonObject ToJsonSchema() => new()
    {
        ["dependentRequired"] = new JsonObject { [property.Name] = Required(needed) },
    };
}
