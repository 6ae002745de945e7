using System.Globalization;
using System.Text.Json.Nodes;

namespace Lifeboat.Orchestration.Evidence;

/// <summary>
/// One recorded result: a backup, a check or a drill, about a service or a repository, with its time,
/// outcome, duration and details (snapshot ids, failed checks, measured restore time). No secrets.
/// </summary>
public sealed record EvidenceRecord
{
    public const string Backup = "backup";
    public const string Check = "check";
    public const string Drill = "drill";

    /// <summary>backup, check or drill.</summary>
    public required string Kind { get; init; }

    /// <summary>The service (backups, drills) the record is about.</summary>
    public string? Service { get; init; }

    /// <summary>The repository (checks) the record is about.</summary>
    public string? Repository { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required bool Succeeded { get; init; }

    public TimeSpan Duration { get; init; }

    public string? Host { get; init; } = HostName.Current;

    /// <summary>Kind-specific facts: snapshot_id, restore_seconds, failed_checks, errors, slice, ...</summary>
    public JsonObject Details { get; init; } = [];

    /// <summary>The tag that says whom the record is about.</summary>
    public string SubjectTag => Service is not null ? ServiceSnapshots.ServiceTag(Service) : RepositoryTag(Repository ?? string.Empty);

    public static string RepositoryTag(string repository) => "repository=" + repository;

    public JsonObject ToJson() => new()
    {
        ["kind"] = Kind,
        ["service"] = Service,
        ["repository"] = Repository,
        ["time"] = Time.ToString("o", CultureInfo.InvariantCulture),
        ["outcome"] = Succeeded ? "ok" : "failed",
        ["duration_seconds"] = Math.Round(Duration.TotalSeconds, 3),
        ["host"] = Host,
        ["details"] = Details.DeepClone(),
    };

    public static EvidenceRecord FromJson(JsonObject json) => new()
    {
        Kind = (string?)json["kind"] ?? "unknown",
        Service = (string?)json["service"],
        Repository = (string?)json["repository"],
        Time = DateTimeOffset.Parse((string?)json["time"] ?? "0001-01-01T00:00:00Z", CultureInfo.InvariantCulture),
        Succeeded = (string?)json["outcome"] == "ok",
        Duration = TimeSpan.FromSeconds((double?)json["duration_seconds"] ?? 0),
        Host = (string?)json["host"],
        Details = json["details"]?.DeepClone() as JsonObject ?? [],
    };
}
