namespace Lifeboat.Manifest.Yaml;

internal sealed class YMapping(IReadOnlyList<YEntry> entries, Mark start, Mark end) : YNode(start, end)
{
    public IReadOnlyList<YEntry> Entries { get; } = entries;

    public YEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
            {
                return entry;
            }
        }

        return null;
    }

    public override string Describe() => "a mapping";
}
