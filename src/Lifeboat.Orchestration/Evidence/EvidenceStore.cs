using System.Text.Json;
using System.Text.Json.Nodes;
using Lifeboat.Repository.Archiver;
using Lifeboat.Repository.Locks;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Storage;

namespace Lifeboat.Orchestration.Evidence;

/// <summary>
/// Keeps the proof that backups work — the outcome of every backup, check and drill — in the
/// repository itself, so it survives the loss of the host and any host can read it: each record is a
/// small snapshot tagged <c>lifeboat-evidence</c>, <c>evidence=&lt;kind&gt;</c> and the service or
/// repository it is about, holding one JSON file (readable with restic too). Only the newest
/// <see cref="KeepPerSubject"/> records of each kind and subject are kept.
/// </summary>
public sealed class EvidenceStore(Repository.Repository repository, TimeProvider clock)
{
    public const int KeepPerSubject = 30;
    private const string Directory = "lifeboat-evidence";

    /// <summary>
    /// Records a result. <paramref name="heldLock"/>: a shared lock the caller holds on this repository
    /// and whose index it loaded under that lock (the operation being recorded); without one, a lock
    /// is taken for the write. Failures to record are reported by exception; callers usually warn and go on.
    /// </summary>
    public async Task<EvidenceRecord> WriteAsync(EvidenceRecord record, CancellationToken cancellationToken = default, RepositoryLock? heldLock = null)
    {
        if (heldLock is not null)
        {
            await WriteUnderAsync(heldLock, record, cancellationToken);
            return record;
        }

        await using (var repositoryLock = await RepositoryLock.AcquireSharedWithIndexAsync(repository, clock, cancellationToken))
        {
            await WriteUnderAsync(repositoryLock, record, cancellationToken);
        }

        return record;
    }

    private async Task WriteUnderAsync(RepositoryLock repositoryLock, EvidenceRecord record, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(record.ToJson(), new JsonSerializerOptions { WriteIndented = true });
        var tags = new List<string> { ServiceSnapshots.EvidenceTag, "evidence=" + record.Kind, record.SubjectTag };
        var archiver = new Archiver(repository, new BackupOptions
        {
            SnapshotPaths = ["/" + Directory],
            Tags = tags,
            Time = record.Time,
            Clock = clock,
            BeforeCommit = repositoryLock.EnsureHeldAsync,
        });
        await archiver.BackupAsync([new BackupItem.Bytes([Directory, record.Kind + ".json"], json)], cancellationToken);
        await TrimAsync(record.Kind, record.SubjectTag, cancellationToken);
    }

    /// <summary>
    /// Every record of a kind about a subject (about anything in this repository when
    /// <paramref name="subjectTag"/> is null), newest first.
    /// </summary>
    public async Task<List<EvidenceRecord>> ReadAsync(string kind, string? subjectTag, int limit = KeepPerSubject, CancellationToken cancellationToken = default)
    {
        var snapshots = (await repository.LoadSnapshotsAsync(null, cancellationToken))
            .Where(s => s.HasTag(ServiceSnapshots.EvidenceTag) && s.HasTag("evidence=" + kind) && (subjectTag is null || s.HasTag(subjectTag)))
            .OrderByDescending(s => s.Time)
            .Take(limit)
            .ToList();
        if (snapshots.Count > 0)
        {
            await repository.EnsureIndexAsync(cancellationToken);
        }

        var records = new List<EvidenceRecord>();
        foreach (var snapshot in snapshots)
        {
            try
            {
                var bytes = await new SnapshotReader(repository, snapshot).ReadFileAsync($"{Directory}/{kind}.json", cancellationToken);
                if (JsonNode.Parse(bytes) is JsonObject json)
                {
                    records.Add(EvidenceRecord.FromJson(json));
                }
            }
            catch (Exception ex) when (ex is JsonException or Repository.RepositoryException or StorageException)
            {
                // a damaged record is skipped: evidence is a report, not data
            }
        }

        return records;
    }

    /// <summary>The newest record of a kind about a subject (anything when <paramref name="subjectTag"/> is null), or null.</summary>
    public async Task<EvidenceRecord?> LatestAsync(string kind, string? subjectTag, CancellationToken cancellationToken = default) =>
        (await ReadAsync(kind, subjectTag, 1, cancellationToken)).FirstOrDefault();

    private async Task TrimAsync(string kind, string subjectTag, CancellationToken cancellationToken)
    {
        var old = (await repository.LoadSnapshotsAsync(null, cancellationToken))
            .Where(s => s.HasTag(ServiceSnapshots.EvidenceTag) && s.HasTag("evidence=" + kind) && s.HasTag(subjectTag))
            .OrderByDescending(s => s.Time)
            .Skip(KeepPerSubject);
        foreach (var snapshot in old)
        {
            await repository.Backend.RemoveAsync(new BackendFile(FileType.Snapshot, snapshot.Id.ToString()), cancellationToken);
        }
    }
}
