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
