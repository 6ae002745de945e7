namespace Lifeboat.Repository.Trees;

/// <summary>The node types restic writes, as they appear in tree JSON.</summary>
public static class NodeType
{
    public const string File = "file";
    public const string Directory = "dir";
    public const string Symlink = "symlink";
    public const string BlockDevice = "dev";
    public const string CharDevice = "chardev";
    public const string Fifo = "fifo";
    public const string Socket = "socket";
}
