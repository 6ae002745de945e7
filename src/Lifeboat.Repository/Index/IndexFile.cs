using System.Text.Json.Serialization;

namespace Lifeboat.Repository.Index;

/// <summary>An index file (<c>index/&lt;id&gt;</c>): the packs it describes and the index files it replaces.</summary>
public sealed class IndexFile
{
    [JsonPropertyName("supersedes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<Id>? Supersedes { get; set; }

    [JsonPropertyName("packs")]
    public List<IndexPack> Packs { get; set; } = [];
}

public sealed class IndexPack
{
    [JsonPropertyName("id")]
    public Id Id { get; set; }

    [JsonPropertyName("blobs")]
    public List<IndexBlob> Blobs { get; set; } = [];
}

public sealed class IndexBlob
{
    [JsonPropertyName("id")]
    public Id Id { get; set; }

    /// <summary>"data" or "tree".</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "data";

    [JsonPropertyName("offset")]
    public uint Offset { get; set; }

    [JsonPropertyName("length")]
    public uint Length { get; set; }

    [JsonPropertyName("uncompressed_length")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public uint UncompressedLength { get; set; }
}
