namespace Lifeboat.Testing.Trees;

/// <summary>What lstat says about one entry; times in nanoseconds since the Unix epoch.</summary>
internal readonly record struct EntryStatus(
    uint Mode, uint Uid, uint Gid, ulong Inode, ulong Device, uint Links, long Size,
    long AccessTime, long ModifyTime, long ChangeTime)
{
    public uint TypeBits => Mode & 0xF000;

    public uint Permissions => Mode & 0xFFF;
}
