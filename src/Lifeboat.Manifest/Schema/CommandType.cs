using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>
/// A command as a list: program and arguments (<c>[systemctl, stop, redmine]</c>), run without a shell.
/// A plain string is refused with a hint, so that quoting never decides what runs.
/// </summary>
internal sealed class CommandType : SchemaType<CommandLine>
{
    public override string Expected => "a command as a list, e.g. [systemctl, stop, app]";

    public override JsonObject ToJsonSchema(JsonSchemaBuilder builder) => builder.Reference("command", () => new JsonObject
    {
        ["description"] = "A command as a list of program and arguments, run without a shell. For shell syntax write [sh, -c, '...'].",
        ["type"] = "array",
        ["items"] = new JsonObject { ["type"] = "string" },
        ["minItems"] = 1,
    });

    public override bool TryRead(YNode node, ReadContext context, [MaybeNullWhen(false)] out CommandLine value)
    {
        value = null;
        if (node is YScalar scalar)
        {
            var words = scalar.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            context.Report(node, $"expected {Expected}, got '{scalar.Value}'",
                words.Length > 1 ? $"write [{string.Join(", ", words)}], or [sh, -c, '...'] for shell syntax" : $"write [{scalar.Value}]");
            return false;
        }

        if (node is not YSequence sequence)
        {
            context.Report(node, $"expected {Expected}, got {node.Describe()}");
            return false;
        }

        if (sequence.Items.Count == 0)
        {
            context.Report(node, "is an empty command", "give at least the program: [program, arg...]");
            return false;
        }

        var arguments = new List<string>();
        var display = new List<string>();
        var ok = true;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            using var _ = context.Enter($"[{i}]");
            if (sequence.Items[i] is not YScalar item)
            {
                context.Report(sequence.Items[i], $"expected a string argument, got {sequence.Items[i].Describe()}");
                ok = false;
                continue;
            }

            var text = context.Interpolate(item);
            if (text is null)
            {
                ok = false;
                continue;
            }

            if (i == 0 && text.Value.Trim().Length == 0)
            {
                context.Report(item, "the program is empty");
                ok = false;
                continue;
            }

            arguments.Add(text.Value);
            display.Add(text.Display);
        }

        value = ok ? new CommandLine([.. arguments], [.. display]) : null;
        return ok;
    }

    public override YNode Redact(YNode node, RedactionWalker walker) => walker.List(node, null);
}
