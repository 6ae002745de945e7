namespace Lifeboat.Manifest.Yaml;

internal sealed class YSequence(IReadOnlyList<YNode> items, Mark start, Mark end) : YNode(start, end)
{
    public IReadOnlyList<YNode> Items { get; } = items;

    public override string Describe() => "a list";
}
