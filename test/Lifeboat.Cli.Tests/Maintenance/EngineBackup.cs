using Lifeboat.Repository.Archiver;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Storage;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>Backups through the engine, in process: a history is built in a fraction of the CLI's time.</summary>
internal static class EngineBackup
{
    /// <summary>Backs up <paramref name="directory"/> (stored under its absolute path, as restic does) and returns the snapshot.</summary>
    public static async Task<Snapshot> RunAsync(
        Repository.Repository repository,
        string directory,
        DateTimeOffset time,
        Snapshot? parent = null,
        string hostname = "lifeboat-test",
        IReadOnlyList<string>? tags = null)
    {
        var options = new BackupOptions
        {
            SnapshotPaths = [directory],
            Hostname = hostname,
            Tags = tags ?? [],
            Time = time,
            Parent = parent,
        };
        var summary = await new Archiver(repository, options).BackupAsync(
            [new BackupItem.Path(BackupItem.ComponentsOf(directory), directory, RealParents: true)]);
        var id = summary.SnapshotId ?? throw new InvalidOperationException("the backup made no snapshot");
        var snapshot = await repository.LoadJsonAsync<Snapshot>(FileType.Snapshot, id);
        snapshot.Id = id;
        return snapshot;
    }
}
