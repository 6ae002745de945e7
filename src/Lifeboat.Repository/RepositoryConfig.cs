using System.Text.Json.Serialization;

namespace Lifeboat.Repository;

/// <summary>The repository's <c>config</c> file: format version, repository id, chunker polynomial.</summary>
public sealed class RepositoryConfig
{
    [JsonPropertyName("version")]
    public int Version { get; set; }

    [JsonPropertyName("id")]
    public string Id { get; set; } = string.Empty;

    /// <summary>The chunker's irreducible polynomial as lowercase hex, as restic writes it.</summary>
    [JsonPropertyName("chunker_polynomial")]
    public string ChunkerPolynomial { get; set; } = string.Empty;
}
