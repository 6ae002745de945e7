using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>
/// A bag of backend options (<c>region: eu-west-1</c>) where secrets come as <c>NAME_file</c>,
/// <c>NAME_command</c> or a secret-looking <c>NAME: ${VAR}</c>; a secret-looking name with a literal
/// value is refused.
/// </summary>
internal sealed class OptionsType : SchemaType<(NamedMap<string> Options, NamedMap<SecretRef> Credentials)>
{
    private static readonly StringType Text = new();
    private static readonly PathType File = new("a path to a file");

    public override bool BlankMeansAbsent => true;

    public override string Expected => "a mapping of option names to values";

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder) => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = new JsonObject { ["type"] = new JsonArray("string", "number", "boolean") },
    };

    public override bool TryRead(YNode node, ReadContext context, [MaybeNullWhen(false)] out (NamedMap<string> Options, NamedMap<SecretRef> Credentials) value)
    {
        value = default;
        if (node is not YMapping mapping)
        {
            context.Report(node, $"expected {Expected}, got {node.Describe()}");
            return false;
        }

        var ok = true;
        var options = new List<KeyValuePair<string, string>>();
        var credentials = new Dictionary<string, (SecretRef Secret, YScalar Key)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            using var _ = context.Enter(key, entry.Key);
            var (name, kind) = key.EndsWith("_file", StringComparison.Ordinal) ? (key[..^5], "file")
                : key.EndsWith("_command", StringComparison.Ordinal) ? (key[..^8], "command")
                : SecretNames.LooksSecret(key) ? (key, "value")
                : (key, "");
            SecretRef? secret = null;
            switch (kind)
            {
                case "file" when File.TryRead(entry.Value, context, out var path):
                    secret = SecretRef.FromFile(path);
                    break;
                case "command" when Text.TryRead(entry.Value, context, out var command):
                    secret = SecretRef.FromCommand(command);
                    break;
                case "value" when new SecretType(key + "_file", key + "_command").TryRead(entry.Value, context, out var inline):
                    secret = SecretRef.FromValue(inline);
                    break;
                case "" when Text.TryRead(entry.Value, context, out var text):
                    options.Add(KeyValuePair.Create(key, text));
                    continue;
                default:
                    ok = false;
                    continue;
            }

            if (credentials.TryGetValue(name, out var first))
            {
                context.Report(entry.Key, $"the secret '{name}' is given twice", $"'{first.Key.Value}' already gives it");
                ok = false;
                continue;
            }

            credentials[name] = (secret, entry.Key);
            order.Add(name);
        }

        value = (new NamedMap<string>(options), new NamedMap<SecretRef>(order.Select(n => KeyValuePair.Create(n, credentials[n].Secret))));
        return ok;
    }

    public override YNode Redact(YNode node, RedactionWalker walker)
    {
        if (node is not YMapping mapping)
        {
            return walker.Generic(node, secret: false);
        }

        return new YMapping(
            [.. mapping.Entries.Select(e => new YEntry(e.Key, walker.Scalar(e.Value,
                secret: SecretNames.LooksSecret(e.Key.Value) && !e.Key.Value.EndsWith("_file", StringComparison.Ordinal) && !e.Key.Value.EndsWith("_command", StringComparison.Ordinal))))],
            mapping.Start, mapping.End);
    }
}
