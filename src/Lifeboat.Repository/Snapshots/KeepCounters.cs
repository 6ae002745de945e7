using System.Text.Json.Serialization;

namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// How many snapshots each counted keep rule may still keep, after a kept snapshot was evaluated.
/// Serialises as restic's "counters", zeros left out.
/// </summary>
public readonly record struct KeepCounters(
    [property: JsonPropertyName("last")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Last,
    [property: JsonPropertyName("hourly")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Hourly,
    [property: JsonPropertyName("daily")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Daily,
    [property: JsonPropertyName("weekly")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Weekly,
    [property: JsonPropertyName("monthly")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Monthly,
    [property: JsonPropertyName("yearly")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Yearly);
