namespace Lifeboat.Repository.Trees;

/// <summary>A directory listing: nodes sorted by name (byte order of their UTF-8 names).</summary>
public sealed class Tree
{
    public List<Node> Nodes { get; } = [];

    public Node? Find(string name)
    {
        foreach (var node in Nodes)
        {
            if (string.Equals(node.Name, name, StringComparison.Ordinal))
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>Sorts nodes as restic does (by the bytes of their names).</summary>
    public void Sort() => Nodes.Sort(static (a, b) => NameComparer.Compare(a.Name, b.Name));

    /// <summary>Compares names by their UTF-8 bytes, the order restic keeps in trees.</summary>
    public static readonly IComparer<string> NameComparer = Comparer<string>.Create(static (a, b) =>
    {
        // Ordinal UTF-16 comparison equals UTF-8 byte order except for surrogate pairs; handle those exactly.
        var i = 0;
        while (i < a.Length && i < b.Length)
        {
            if (a[i] != b[i])
            {
                // A surrogate encodes a code point above U+FFFF, which sorts after every BMP character.
                bool sa = char.IsSurrogate(a[i]), sb = char.IsSurrogate(b[i]);
                return sa == sb ? a[i].CompareTo(b[i]) : sa ? 1 : -1;
            }

            i++;
        }

        return a.Length.CompareTo(b.Length);
    });
}
