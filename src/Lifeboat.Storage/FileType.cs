namespace Lifeboat.Storage;

/// <summary>The kinds of files a restic repository holds; each lives in its own place in the layout.</summary>
public enum FileType
{
    /// <summary>The single <c>config</c> file.</summary>
    Config,

    /// <summary><c>keys/&lt;id&gt;</c>: a password-protected copy of the master key (plain JSON).</summary>
    Key,

    /// <summary><c>snapshots/&lt;id&gt;</c>.</summary>
    Snapshot,

    /// <summary><c>index/&lt;id&gt;</c>.</summary>
    Index,

    /// <summary><c>data/&lt;xx&gt;/&lt;id&gt;</c>: pack files.</summary>
    Pack,

    /// <summary><c>locks/&lt;id&gt;</c>.</summary>
    Lock,
}
