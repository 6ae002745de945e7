namespace Lifeboat.Manifest.Yaml;

/// <summary>A position in a manifest file: 1-based line and column, 0-based character index.</summary>
internal readonly record struct Mark(int Line, int Column, int Index)
{
    public static Mark Start { get; } = new(1, 1, 0);

    public static Mark From(YamlDotNet.Core.Mark mark) => new((int)mark.Line, (int)mark.Column, (int)mark.Index);

    public YamlDotNet.Core.Mark ToCore() => new(Index, Line, Column);
}
