using System.Globalization;
using Lifeboat.Repository;
using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Orchestration;

/// <summary>
/// How service snapshots are tagged and found: every one carries the tags <c>lifeboat</c> and
/// <c>service=&lt;name&gt;</c>; evidence records carry <c>lifeboat-evidence</c> instead; safety
/// snapshots taken before a restore carry <c>pre-restore</c>. Times are shown as yyyyMMdd_HHmm.
/// </summary>
public static class ServiceSnapshots
{
    public const string LifeboatTag = "lifeboat";
    public const string EvidenceTag = "lifeboat-evidence";
    public const string PreRestoreTag = "pre-restore";
    public const string SnapshotDescriptionFile = "lifeboat.json";
    public const string LabelFormat = "yyyyMMdd_HHmm";

    public static string ServiceTag(string service) => "service=" + service;

    /// <summary>The snapshot "paths" of a service's snapshots.</summary>
    public static string SnapshotPath(string service) => "/" + service;

    /// <summary>The service's backup snapshots (no evidence records), oldest first.</summary>
    public static async Task<List<Snapshot>> ListAsync(Repository.Repository repository, string service, CancellationToken cancellationToken = default)
    {
        var snapshots = await repository.LoadSnapshotsAsync(null, cancellationToken);
        return snapshots.Where(s => IsServiceSnapshot(s, service)).ToList();
    }

    public static bool IsServiceSnapshot(Snapshot snapshot, string service) =>
        snapshot.HasTag(LifeboatTag) && snapshot.HasTag(ServiceTag(service)) && !snapshot.HasTag(EvidenceTag);

    /// <summary>The time label operators type: yyyyMMdd_HHmm in local time.</summary>
    public static string Label(Snapshot snapshot) =>
        snapshot.Time.Value.ToLocalTime().ToString(LabelFormat, CultureInfo.InvariantCulture);

    /// <summary>"Today", "Yesterday", "3 days ago", ... relative to <paramref name="now"/>.</summary>
    public static string Age(Snapshot snapshot, DateTimeOffset now)
    {
        var days = (now.ToLocalTime().Date - snapshot.Time.Value.ToLocalTime().Date).Days;
        return days switch
        {
            <= 0 => "Today",
            1 => "Yesterday",
            < 60 => $"{days} days ago",
            < 730 => $"{days / 30} months ago",
            _ => $"{days / 365} years ago",
        };
    }

    /// <summary>
    /// Finds a service snapshot by "latest" (the newest that is not a pre-restore safety snapshot), a time label (yyyyMMdd_HHmm, the newest backup in that minute),
    /// or an id / unique id prefix.
    /// </summary>
    /// <exception cref="RepositoryException">Nothing matches, or a prefix is ambiguous.</exception>
    public static Snapshot Resolve(IReadOnlyList<Snapshot> snapshots, string service, string spec)
    {
        if (snapshots.Count == 0)
        {
            throw new RepositoryException($"service '{service}' has no snapshots yet")
            {
                Hint = $"run 'lifeboat backup {service}' first",
            };
        }

        if (string.Equals(spec, "latest", StringComparison.Ordinal))
        {
            // The newest backup, not a safety snapshot of the state a restore replaced.
            return snapshots.LastOrDefault(s => !s.HasTag(PreRestoreTag)) ?? snapshots[^1];
        }

        if (DateTime.TryParseExact(spec, LabelFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            // A backup, not the safety snapshot a restore took in the same minute; the safety snapshot when it is the only one.
            return snapshots.LastOrDefault(s => Label(s) == spec && !s.HasTag(PreRestoreTag))
                ?? snapshots.LastOrDefault(s => Label(s) == spec)
                ?? throw new RepositoryException($"service '{service}' has no snapshot at {spec}")
                {
                    Hint = $"'lifeboat list {service}' shows the available times",
                };
        }

        var matches = snapshots.Where(s => s.Id.ToString().StartsWith(spec.ToLowerInvariant(), StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new RepositoryException($"service '{service}' has no snapshot '{spec}'")
            {
                Hint = $"'lifeboat list {service}' shows the available snapshots",
            },
            _ => throw new RepositoryException($"'{spec}' matches {matches.Count} snapshots of '{service}'; give more digits"),
        };
    }
}
