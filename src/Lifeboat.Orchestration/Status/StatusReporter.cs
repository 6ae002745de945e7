using Lifeboat.Manifest;
using Lifeboat.Orchestration.Evidence;
using Lifeboat.Orchestration.Retention;

namespace Lifeboat.Orchestration.Status;

/// <summary>
/// The evidence an operator must be able to report, per service: the newest snapshot and its age
/// against the RPO, how many snapshots there are, the retention policy, the last check and the last
/// drill (with the measured restore time against the RTO), and where the repository is.
/// </summary>
public sealed class StatusReporter(RepositoryProvider repositories, TimeProvider clock)
{
    public async Task<ServiceStatus> ComputeAsync(ServiceConfig service, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var status = new ServiceStatus
        {
            Service = service.Name,
            Repository = repositories.Describe(service.Repository),
            Rpo = service.Rpo,
            Rto = service.Rto,
            Retention = RetentionPolicies.For(service, repositories.Manifest) is { } retention ? RetentionPolicies.ToPolicy(retention).ToString() : "keep everything",
        };

        Repository.Repository repository;
        try
        {
            repository = await repositories.ForServiceAsync(service, cancellationToken);
        }
        catch (LifeboatException ex)
        {
            status.Problems.Add($"repository cannot be opened: {repositories.Manifest.Redact(ex.Message)}");
            status.RpoState = service.Rpo is null ? TargetState.None : TargetState.Missed;
            status.RtoState = service.Rto is null ? TargetState.None : TargetState.Missed;
            return status;
        }

        var snapshots = await ServiceSnapshots.ListAsync(repository, service.Name, cancellationToken);
        status.SnapshotCount = snapshots.Count;
        // The newest backup: a restore's safety snapshot holds the state it replaced, not a recovery point.
        if (snapshots.LastOrDefault(s => !s.HasTag(ServiceSnapshots.PreRestoreTag)) is { } latest)
        {
            status.LatestSnapshot = latest.Id.ToShortString();
            status.LatestTime = latest.Time.Value;
            status.LatestLabel = ServiceSnapshots.Label(latest);
            status.Age = now - latest.Time.Value;
            status.LatestSize = latest.Summary?.TotalBytesProcessed;
        }

        status.RpoState = service.Rpo is not { } rpo ? TargetState.None
            : status.Age is { } age && age <= rpo ? TargetState.Met
            : TargetState.Missed;
        if (status.RpoState == TargetState.Missed)
        {
            status.Problems.Add(status.Age is { } stale ? $"newest snapshot is {FormatAge(stale)} old, RPO is {Durations.Format(service.Rpo!.Value)}" : "no snapshot yet");
        }

        var store = new EvidenceStore(repository, clock);
        status.LastBackup = await store.LatestAsync(EvidenceRecord.Backup, ServiceSnapshots.ServiceTag(service.Name), cancellationToken);
        if (status.LastBackup is { Succeeded: false } failedBackup)
        {
            status.Problems.Add($"the last backup failed at {failedBackup.Time.ToLocalTime():yyyy-MM-dd HH:mm}: {(string?)failedBackup.Details["error"]}");
        }

        // A check record in a repository is about that repository, whatever name the manifest that ran it gave it.
        status.LastCheck = await store.LatestAsync(EvidenceRecord.Check, null, cancellationToken);
        status.CheckState = status.LastCheck is null ? TargetState.None : status.LastCheck.Succeeded ? TargetState.Met : TargetState.Missed;
        if (status.CheckState == TargetState.Missed)
        {
            status.Problems.Add($"the last repository check found {(int?)status.LastCheck!.Details["errors"]} errors");
        }

        status.LastDrill = await store.LatestAsync(EvidenceRecord.Drill, ServiceSnapshots.ServiceTag(service.Name), cancellationToken);
        status.RestoreTime = status.LastDrill?.Details["restore_seconds"] is { } seconds ? TimeSpan.FromSeconds((double)seconds) : null;
        status.RtoState = service.Rto is not { } rto ? TargetState.None
            : status.LastDrill is { Succeeded: true } && status.RestoreTime is { } measured && measured <= rto ? TargetState.Met
            : TargetState.Missed;
        if (status.RtoState == TargetState.Missed)
        {
            status.Problems.Add(status.LastDrill switch
            {
                null => $"RTO {Durations.Format(service.Rto!.Value)} is not proven: no drill yet",
                { Succeeded: false } => "the last drill failed",
                _ => $"the last drill's restore took {Durations.Format(status.RestoreTime!.Value)}, RTO is {Durations.Format(service.Rto!.Value)}",
            });
        }

        return status;
    }

    public static string FormatAge(TimeSpan age) =>
        age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes}m"
        : age.TotalHours < 48 ? $"{(int)age.TotalHours}h{age.Minutes:D2}m"
        : $"{(int)age.TotalDays}d{age.Hours:D2}h";
}
