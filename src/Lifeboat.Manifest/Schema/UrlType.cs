using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>A URL with one of the allowed schemes; a password in it is kept as a secret.</summary>
internal sealed class UrlType(string expected, params string[] schemes) : ScalarType<ConnectionUrl>
{
    public override string Expected { get; } = expected;

    public IReadOnlyList<string> Schemes { get; } = schemes;

    /// <summary>The URL must name a database (its path).</summary>
    public bool RequiresDatabase { get; init; }

    /// <summary>Any location is accepted (repositories): plain paths and opaque <c>scheme:...</c> forms.</summary>
    public bool AnyLocation { get; init; }

    public string? Example { get; init; }

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder)
    {
        var schema = new JsonObject { ["type"] = "string", ["minLength"] = 1 };
        if (Schemes.Count > 0)
        {
            schema["pattern"] = "^(" + string.Join("|", Schemes) + ")://";
        }

        if (Example is not null)
        {
            schema["examples"] = new JsonArray(Example);
        }

        return schema;
    }

    protected override bool TryConvert(InterpolatedText text, YScalar node, ReadContext context, [MaybeNullWhen(false)] out ConnectionUrl value)
    {
        var hint = Example is null ? null : $"for example {Example}";
        if (!ConnectionUrl.TryParse(text.Value.Trim(), out value, out var error))
        {
            return Fail(context, node, $"invalid URL: {error}", hint);
        }

        if (value.Password is { } password)
        {
            context.Load.Secrets.Add(password.Reveal());
        }

        if (AnyLocation)
        {
            if (value.Scheme.Length == 0 && !Path.IsPathRooted(value.Reveal()))
            {
                value = ConnectionUrl.Parse(Path.GetFullPath(value.Reveal(), context.Document.Directory));
            }

            return true;
        }

        if (!value.IsHierarchical || !Schemes.Contains(value.Scheme))
        {
            var shown = value.Redacted.Length > 60 ? value.Redacted[..60] + "..." : value.Redacted;
            return Fail(context, node, $"expected {Expected}, got '{(text.IsSensitive ? text.Display : shown)}'",
                $"the URL must start with {string.Join(" or ", Schemes.Select(s => s + "://"))}");
        }

        if (RequiresDatabase && (value.Database.Length == 0 || value.Database.Contains('/', StringComparison.Ordinal)))
        {
            return Fail(context, node, value.Database.Length == 0 ? "the URL names no database" : $"invalid database name '{value.Database}'", hint);
        }

        return true;
    }
}
