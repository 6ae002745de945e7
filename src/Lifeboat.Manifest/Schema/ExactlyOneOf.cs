using System.Text.Json.Nodes;

namespace Lifeboat.Manifest.Schema;

/// <summary>Exactly one of the keys must be given (a post-restore step has <c>sql</c> or <c>run</c>).</summary>
internal sealed class ExactlyOneOf(params Property[] properties) : Rule
{
    public IReadOnlyList<Property> Properties { get; } = properties;

    public override bool Check(ObjectReader reader)
    {
        var written = Properties.Where(reader.Written).ToList();
        if (written.Count == 1)
        {
            return true;
        }

        if (written.Count == 0)
        {
            reader.Context.ReportAtOwner(reader.Mapping, $"needs one of {List(Properties, "or")}");
            return false;
        }

        reader.KeyProblem(written[1], $"give only one of {List(Properties, "or")}", $"'{written[0].Name}' is already given");
        return false;
    }

    public override JsonObject ToJsonSchema() => new()
    {
        ["oneOf"] = new JsonArray([.. Properties.Select(p => (JsonNode)new JsonObject { ["required"] = Required(p) })]),
    };
}
