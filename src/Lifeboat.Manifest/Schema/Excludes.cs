using System.Text.Json.Nodes;

namespace Lifeboat.Manifest.Schema;

/// <summary>When <paramref name="property"/> is given, <paramref name="excluded"/> must not be.</summary>
internal sealed class Excludes(Property property, Property excluded, string why) : Rule
{
    public override bool Check(ObjectReader reader)
    {
        if (!reader.Written(property) || !reader.Written(excluded))
        {
            return true;
        }

        reader.KeyProblem(excluded, $"'{excluded.Name}' cannot be used with '{property.Name}' {why}");
        return false;
    }

    public override JsonObject ToJsonSchema() => new()
    {
        ["not"] = new JsonObject { ["required"] = Required(property, excluded) },
    };
}
