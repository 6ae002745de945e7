using Lifeboat.Repository.Platform;
using Lifeboat.Repository.Trees;

namespace Lifeboat.Repository.Restorer;

/// <summary>Applies a node's metadata to a restored path, in restic's order: owner, mode, xattrs, times.</summary>
internal static class NodeMetadata
{
    public static void Apply(string path, Node node, bool restoreOwnership)
    {
        if (restoreOwnership)
        {
            Posix.LChown(path, node.Uid, node.Gid);
        }

        if (node.Type != NodeType.Symlink)
        {
            Posix.Chmod(path, GoFileMode.ToUnixPermissions(node.Mode));
        }

        if (node.ExtendedAttributes is { Count: > 0 } attributes)
        {
            foreach (var attribute in attributes)
            {
                Posix.SetXattr(path, attribute.Name, attribute.Value);
            }
        }

        Posix.SetTimes(path, node.AccessTime.UnixNanoseconds, node.ModTime.UnixNanoseconds);
    }
}
