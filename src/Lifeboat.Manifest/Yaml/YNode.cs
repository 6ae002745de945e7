namespace Lifeboat.Manifest.Yaml;

/// <summary>
/// A node of a parsed YAML document with its position. Built from YamlDotNet's parser events by
/// <see cref="YamlTreeReader"/> (not YamlDotNet's representation model, which stops at the first
/// duplicate key and knows no merge keys).
/// </summary>
internal abstract class YNode(Mark start, Mark end)
{
    public Mark Start { get; } = start;

    public Mark End { get; } = end;

    /// <summary>The kind of node for messages: "a string", "a list", "a mapping".</summary>
    public abstract string Describe();
}
