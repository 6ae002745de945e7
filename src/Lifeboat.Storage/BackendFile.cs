namespace Lifeboat.Storage;

/// <summary>
/// A file in a repository: its type and its name (64 hex digits, or "config" for the config file).
/// </summary>
public readonly record struct BackendFile(FileType Type, string Name)
{
    public static BackendFile Config { get; } = new(FileType.Config, "config");

    public override string ToString() => Type switch
    {
        FileType.Config => "config",
        FileType.Key => $"keys/{Name}",
        FileType.Snapshot => $"snapshots/{Name}",
        FileType.Index => $"index/{Name}",
        FileType.Pack => $"data/{Name}",
        FileType.Lock => $"locks/{Name}",
        _ => Name,
    };
}
