using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Definitions;

/// <summary>Value types shared across the manifest schema.</summary>
internal static class Types
{
    public static StringType Text { get; } = new();

    public static StringType Name { get; } = new("a name")
    {
        Pattern = MapType<string>.SimpleName(),
        PatternHint = "use letters, digits, '_', '.' and '-', starting with a letter or digit",
    };

    public static PathType Path { get; } = new();

    public static PathType File { get; } = new("a path to a file");

    public static DurationType Duration { get; } = new();

    public static CommandType Command { get; } = new();

    public static CronType Cron { get; } = new();

    public static ListType<string> Strings { get; } = new(Text);

    public static ListType<string> UniqueStrings { get; } = new(Text) { Unique = true };
}
