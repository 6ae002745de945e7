using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>One manifest file being read: its text, tree and the interpolated value of each scalar.</summary>
internal sealed class ManifestDocument(string file, string text, YNode? root)
{
    /// <summary>The file as shown in messages (the path the user gave, or the include's path beside it).</summary>
    public string File { get; } = file;

    /// <summary>The absolute directory relative paths in this file are resolved against.</summary>
    public string Directory { get; } = Path.GetDirectoryName(Path.GetFullPath(file)) ?? "/";

    public string Text { get; } = text;

    public YNode? Root { get; } = root;

    public Dictionary<YScalar, InterpolatedText> Scalars { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The position of character <paramref name="offset"/> of a scalar's value, when the value sits on
    /// one line exactly as written (no escapes); otherwise the scalar's start.
    /// </summary>
    public Mark PositionIn(YScalar scalar, int offset)
    {
        if (scalar.Start.Line != scalar.End.Line || scalar.End.Index > Text.Length || scalar.Start.Index >= scalar.End.Index)
        {
            return scalar.Start;
        }

        var raw = Text[scalar.Start.Index..scalar.End.Index];
        var quote = scalar.IsQuoted ? 1 : 0;
        if (raw.Length < 2 * quote || raw[quote..^quote] != scalar.Value)
        {
            return scalar.Start;
        }

        return scalar.Start with { Column = scalar.Start.Column + quote + offset, Index = scalar.Start.Index + quote + offset };
    }
}
