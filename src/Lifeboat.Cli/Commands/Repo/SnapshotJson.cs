using System.Text.Json;
using System.Text.Json.Nodes;
using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary>Snapshots in restic's JSON shape: the stored fields plus id and short_id.</summary>
internal static class SnapshotJson
{
    public static JsonObject From(Snapshot snapshot, string? structType = null)
    {
        var json = JsonSerializer.SerializeToNode(snapshot)!.AsObject();
        json["id"] = snapshot.Id.ToString();
        json["short_id"] = snapshot.Id.ToShortString();
        if (structType is not null)
        {
            json["struct_type"] = structType;
        }

        return json;
    }

    /// <summary>The snapshot's time in local time, as restic's tables show it.</summary>
    public static string LocalTime(Snapshot snapshot) =>
        snapshot.Time.Value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss");
}
