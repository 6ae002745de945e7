using System.Text.Json.Nodes;

namespace Lifeboat.Manifest.Schema;

/// <summary>At most one of the keys may be given (<c>password</c>, <c>password_file</c>, <c>password_command</c>).</summary>
internal sealed class AtMostOneOf(params Property[] properties) : Rule
{
    public IReadOnlyList<Property> Properties { get; } = properties;

    public override bool Check(ObjectReader reader)
    {
        var written = Properties.Where(reader.Written).ToList();
        if (written.Count <= 1)
        {
            return true;
        }

        reader.KeyProblem(written[1], $"give only one of {List(Properties, "or")}", $"'{written[0].Name}' is already given");
        return false;
    }

    public override JsonObject ToJsonSchema()
    {
        var pairs = new JsonArray();
        for (var i = 0; i < Properties.Count; i++)
        {
            for (var j = i + 1; j < Properties.Count; j++)
            {
                pairs.Add(new JsonObject { ["required"] = Required(Properties[i], Properties[j]) });
            }
        }

        return new JsonObject { ["not"] = new JsonObject { ["anyOf"] = pairs } };
    }
}
