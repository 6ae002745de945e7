using System.Globalization;

namespace Lifeboat.Testing.Trees;

/// <summary>
/// One entry of a captured tree: what lstat says about it and a hash of its content. Paths are relative
/// to the captured root, slash-separated; the root itself is ".".
/// </summary>
public sealed record TreeEntry
{
    public required string Path { get; init; }

    /// <summary>file, dir, symlink, fifo, socket, chardev or blockdev.</summary>
    public required string Type { get; init; }

    /// <summary>The permission bits including setuid (04000), setgid (02000) and sticky (01000).</summary>
    public uint Permissions { get; init; }

    public long Size { get; init; }

    /// <summary>SHA-256 of the content, lower-case hex (files only).</summary>
    public string? Sha256 { get; init; }

    public long ModifyTime { get; init; }

    public long AccessTime { get; init; }

    public long ChangeTime { get; init; }

    public string? LinkTarget { get; init; }

    public uint Uid { get; init; }

    public uint Gid { get; init; }

    /// <summary>
    /// For an entry whose inode has several names inside the captured tree: all of those names, sorted
    /// and joined with " = ". Null otherwise.
    /// </summary>
    public string? HardLinkGroup { get; init; }

    public int Depth => Path == "." ? 0 : Path.Count(c => c == '/') + 1;

    public override string ToString()
    {
        var text = $"{Type} {Octal(Permissions)} {Uid}:{Gid} mtime {FormatTime(ModifyTime)}";
        if (Type == "file")
        {
            text += $" {Size} bytes sha256 {Sha256?[..12]}";
        }

        if (LinkTarget is not null)
        {
            text += $" -> {LinkTarget}";
        }

        if (HardLinkGroup is not null)
        {
            text += $" [{HardLinkGroup}]";
        }

        return text;
    }

    /// <summary>Permission bits as four octal digits ("0755", "4755").</summary>
    public static string Octal(uint permissions) => Convert.ToString(permissions, 8).PadLeft(4, '0');

    /// <summary>A timestamp in nanoseconds as readable UTC with all nine digits.</summary>
    public static string FormatTime(long nanoseconds)
    {
        var seconds = Math.DivRem(nanoseconds, 1_000_000_000L, out var fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += 1_000_000_000L;
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            + "." + fraction.ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }
}
