using System.Collections.Concurrent;

namespace Lifeboat.Repository.Archiver;

/// <summary>
/// User and group names for uids and gids, read from /etc/passwd and /etc/group once and cached (as
/// restic records them in tree nodes). Unknown ids have no name.
/// </summary>
public static class UserNames
{
    private static readonly Lazy<Dictionary<uint, string>> Users = new(() => Load("/etc/passwd"));
    private static readonly Lazy<Dictionary<uint, string>> Groups = new(() => Load("/etc/group"));

    public static string? User(uint uid) => Users.Value.GetValueOrDefault(uid);

    public static string? Group(uint gid) => Groups.Value.GetValueOrDefault(gid);

    private static Dictionary<uint, string> Load(string path)
    {
        var names = new Dictionary<uint, string>();
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var fields = line.Split(':');
                if (fields.Length >= 3 && uint.TryParse(fields[2], out var id))
                {
                    names.TryAdd(id, fields[0]);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // no names then; ids are still recorded
        }

        return names;
    }
}
