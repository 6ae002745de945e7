namespace Lifeboat.Testing.Trees;

/// <summary>
/// A tree made by <see cref="TreeGenerator"/>: where it is, how it was made, and the relative paths
/// (slash-separated) of the entries tests refer to by name.
/// </summary>
public sealed record GeneratedTree(string Root, TreeOptions Options, long FileBytes, int Files)
{
    public const string LargeFile = "data/large.bin";
    public const string TextFile = "data/text.txt";
    public const string EmptyFile = "data/empty";
    public const string SmallFilesDirectory = "small";
    public const string DeepDirectory = "deep";
    public const string NamesDirectory = "names";
    public const string LinksDirectory = "links";
    public const string ModesDirectory = "modes";
    public const string TimesDirectory = "times";
    public const string HardLinksDirectory = "hardlinks";
    public const string Fifo = "special/fifo";

    /// <summary>The absolute path of an entry given by its relative path.</summary>
    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);
}
