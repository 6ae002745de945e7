using YamlDotNet.Core;

namespace Lifeboat.Manifest.Yaml;

internal sealed class YScalar(string value, ScalarStyle style, Mark start, Mark end) : YNode(start, end)
{
    public string Value { get; } = value;

    public ScalarStyle Style { get; } = style;

    /// <summary>True for a plain <c>null</c>, <c>~</c> or nothing at all (<c>key:</c>).</summary>
    public bool IsNull => Style == ScalarStyle.Plain && Value is "" or "~" or "null" or "Null" or "NULL";

    public bool IsQuoted => Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;

    public override string Describe() => IsNull ? "nothing" : $"'{Value}'";
}
