using System.Text.RegularExpressions;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;
using YamlDotNet.Core;

namespace Lifeboat.Manifest.Schema;

/// <summary>How a redacted manifest shows values.</summary>
internal enum RedactionMode
{
    /// <summary>As written: <c>${VAR}</c> references kept, literal secrets and secret defaults redacted.</summary>
    AsWritten,

    /// <summary>Interpolated: values of secret-looking variables and every secret field redacted.</summary>
    Resolved,
}

/// <summary>
/// Copies a YAML tree with every secret replaced by <c>[redacted]</c>, guided by the schema (secret
/// fields, URL passwords) and, where the schema does not know a key, by key names that look secret.
/// </summary>
internal sealed partial class RedactionWalker(RedactionMode mode, IVariableProvider variables)
{
    [GeneratedRegex(@"(://[^/?#@\s:]*:)([^@\s/]*)@")]
    private static partial Regex UrlPassword();

    public YNode Scalar(YNode node, bool secret)
    {
        if (node is not YScalar scalar)
        {
            return Generic(node, secret);
        }

        if (scalar.IsNull)
        {
            return scalar;
        }

        var text = scalar.Value;
        string shown;
        if (mode == RedactionMode.AsWritten)
        {
            var parsed = Interpolator.Interpolate(text, EmptyVariables.Instance);
            shown = secret
                ? parsed.IsOnlyReferences ? Interpolator.RedactAsWritten(text, redactAllOperands: true) : SecretValue.Redacted
                : RedactUrlPasswords(Interpolator.RedactAsWritten(text));
        }
        else
        {
            var interpolated = Interpolator.Interpolate(text, variables);
            shown = secret ? SecretValue.Redacted
                : interpolated.Errors.Count > 0 ? RedactUrlPasswords(Interpolator.RedactAsWritten(text))
                : RedactUrlPasswords(interpolated.Display);
        }

        var style = shown == text ? scalar.Style : ScalarStyle.DoubleQuoted;
        return new YScalar(shown, style, scalar.Start, scalar.End);
    }

    public YNode Object(YNode node, IReadOnlyDictionary<string, Property> properties)
    {
        if (node is not YMapping mapping)
        {
            return Generic(node, secret: false);
        }

        var entries = mapping.Entries.Select(entry => new YEntry(entry.Key,
            properties.TryGetValue(entry.Key.Value, out var property)
                ? property.Type.Redact(entry.Value, this)
                : Generic(entry.Value, SecretNames.LooksSecret(entry.Key.Value))));
        return new YMapping([.. entries], mapping.Start, mapping.End);
    }

    public YNode Map(YNode node, SchemaType value)
    {
        if (node is not YMapping mapping)
        {
            return Generic(node, secret: false);
        }

        return new YMapping([.. mapping.Entries.Select(e => new YEntry(e.Key, value.Redact(e.Value, this)))], mapping.Start, mapping.End);
    }

    public YNode List(YNode node, SchemaType? item)
    {
        if (node is not YSequence sequence)
        {
            return Generic(node, secret: false);
        }

        return new YSequence([.. sequence.Items.Select(i => item is null ? Scalar(i, secret: false) : item.Redact(i, this))], sequence.Start, sequence.End);
    }

    /// <summary>Redacts a node the schema does not describe: secret when its key (or an outer key) looks secret.</summary>
    public YNode Generic(YNode node, bool secret) => node switch
    {
        YScalar => Scalar(node, secret),
        YSequence sequence => new YSequence([.. sequence.Items.Select(i => Generic(i, secret))], sequence.Start, sequence.End),
        YMapping mapping => new YMapping(
            [.. mapping.Entries.Select(e => new YEntry(e.Key, Generic(e.Value, secret || SecretNames.LooksSecret(e.Key.Value))))],
            mapping.Start, mapping.End),
        _ => node,
    };

    internal static string RedactUrlPasswords(string text) => UrlPassword().Replace(text, "$1" + SecretValue.Redacted + "@");

    private sealed class EmptyVariables : IVariableProvider
    {
        public static EmptyVariables Instance { get; } = new();

        public string? Get(string name) => null;
    }
}
