using System.Diagnostics.CodeAnalysis;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>A single value (string, number, duration...): interpolated, then converted and checked.</summary>
internal abstract class ScalarType<T> : SchemaType<T>
{
    /// <summary>The value is a secret: redacted wherever the manifest is shown.</summary>
    public virtual bool IsSecret => false;

    public override bool TryRead(YNode node, ReadContext context, [MaybeNullWhen(false)] out T value)
    {
        value = default;
        if (node is not YScalar scalar)
        {
            context.Report(node, $"expected {Expected}, got {node.Describe()}");
            return false;
        }

        var text = context.Interpolate(scalar);
        return text is not null && TryConvert(text, scalar, context, out value);
    }

    protected abstract bool TryConvert(InterpolatedText text, YScalar node, ReadContext context, [MaybeNullWhen(false)] out T value);

    /// <summary>Reports "expected X, got 'v'" (with a hint) and returns false.</summary>
    protected bool Mismatch(InterpolatedText text, YScalar node, ReadContext context, string? hint = null) =>
        Fail(context, node, $"expected {Expected}, got {Show(text)}", hint);

    protected static bool Fail(ReadContext context, YScalar node, string message, string? hint = null)
    {
        context.Report(node, message, hint);
        return false;
    }

    /// <summary>The value for a message: quoted, secrets redacted, empty shown as such.</summary>
    protected static string Show(InterpolatedText text) => text.Display.Length == 0 ? "an empty string" : $"'{text.Display}'";

    public override YNode Redact(YNode node, RedactionWalker walker) => walker.Scalar(node, IsSecret);
}
