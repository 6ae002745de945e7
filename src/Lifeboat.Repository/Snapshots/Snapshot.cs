using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// A snapshot as restic stores it in <c>snapshots/&lt;id&gt;</c>: the root tree plus who, where and when.
/// Fields restic versions newer than this code know about are kept in <see cref="Extra"/> and written
/// back unchanged.
/// </summary>
public sealed class Snapshot
{
    [JsonPropertyName("time")]
    public ResticTime Time { get; set; }

    [JsonPropertyName("parent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Id? Parent { get; set; }

    [JsonPropertyName("tree")]
    public Id Tree { get; set; }

    [JsonPropertyName("paths")]
    public List<string> Paths { get; set; } = [];

    [JsonPropertyName("hostname")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? Hostname { get; set; }

    [JsonPropertyName("username")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? Username { get; set; }

    [JsonPropertyName("uid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public uint Uid { get; set; }

    [JsonPropertyName("gid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public uint Gid { get; set; }

    [JsonPropertyName("excludes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Excludes { get; set; }

    [JsonPropertyName("tags")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Tags { get; set; }

    [JsonPropertyName("original")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Id? Original { get; set; }

    [JsonPropertyName("program_version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ProgramVersion { get; set; }

    [JsonPropertyName("summary")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SnapshotSummary? Summary { get; set; }

    /// <summary>Fields this code does not model, preserved as read.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The id of the file this snapshot was read from (not serialised).</summary>
    [JsonIgnore]
    public Id Id { get; set; }

    public bool HasTag(string tag) => Tags is not null && Tags.Contains(tag, StringComparer.Ordinal);
}
