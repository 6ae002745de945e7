using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// Snapshots in the JSON restic prints (<c>restic snapshots --json</c>, the keep and remove lists of
/// <c>restic forget --json</c>): the snapshot's own fields followed by "id" and "short_id".
/// </summary>
public static class SnapshotJson
{
    /// <summary>Options for restic-shaped JSON output: UTF-8 text is written as is, not \u-escaped.</summary>
    public static JsonSerializerOptions Options { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, TypeInfoResolver = RepositoryJsonContext.Resolver };

    private static readonly JsonSerializerOptions s_listOptions = new(Options) { Converters = { new ListConverter() } };

    /// <summary>Reads a list such as <c>restic snapshots --json</c> prints, taking each "id" into <see cref="Snapshot.Id"/>.</summary>
    /// <exception cref="JsonException">The text is not such a list, or an entry has no valid "id".</exception>
    public static List<Snapshot> ParseList(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var list = JsonSerializer.Deserialize<IReadOnlyList<Snapshot>>(json, s_listOptions) ?? throw new JsonException("expected a list of snapshots, got null");
        return [.. list];
    }

    /// <summary>Writes a list of snapshots with their ids, as <c>restic snapshots --json</c> does.</summary>
    public static string SerializeList(IEnumerable<Snapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        return JsonSerializer.Serialize<IReadOnlyList<Snapshot>>([.. snapshots], s_listOptions);
    }

    /// <summary>Reads one snapshot with its "id" and "short_id" (which is not kept).</summary>
    internal static Snapshot ReadWithId(ref Utf8JsonReader reader)
    {
        var snapshot = JsonSerializer.Deserialize<Snapshot>(ref reader, Options) ?? throw new JsonException("snapshot is null");
        if (snapshot.Extra is null || !snapshot.Extra.Remove("id", out var id)
            || id.ValueKind != JsonValueKind.String || !Id.TryParse(id.GetString(), out var parsed))
        {
            throw new JsonException("snapshot has no valid \"id\"");
        }

        snapshot.Id = parsed;
        snapshot.Extra.Remove("short_id");
        if (snapshot.Extra.Count == 0)
        {
            snapshot.Extra = null;
        }

        return snapshot;
    }

    internal static void WriteWithId(Utf8JsonWriter writer, Snapshot snapshot)
    {
        var node = JsonSerializer.SerializeToNode(snapshot, Options)!.AsObject();
        node["id"] = snapshot.Id.ToString();
        node["short_id"] = snapshot.Id.ToShortString();
        node.WriteTo(writer, Options);
    }

    /// <summary>A copy with paths sorted and, when <paramref name="sortTags"/>, tags sorted, as restic's grouping leaves them.</summary>
    internal static Snapshot SortedCopy(Snapshot snapshot, bool sortTags)
    {
        var copy = JsonSerializer.Deserialize<Snapshot>(JsonSerializer.SerializeToUtf8Bytes(snapshot, Options), Options)!;
        copy.Id = snapshot.Id;
        copy.Paths = SnapshotGroupKey.Sorted(copy.Paths)!;
        if (sortTags)
        {
            copy.Tags = SnapshotGroupKey.Sorted(copy.Tags);
        }

        return copy;
    }

    /// <summary>For a property holding snapshots that are written with their ids.</summary>
    public sealed class ListConverter : JsonConverter<IReadOnlyList<Snapshot>>
    {
        public override IReadOnlyList<Snapshot> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("expected a list of snapshots");
            }

            var list = new List<Snapshot>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                list.Add(ReadWithId(ref reader));
            }

            return list;
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<Snapshot> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var snapshot in value)
            {
                WriteWithId(writer, snapshot);
            }

            writer.WriteEndArray();
        }
    }
}
