using Lifeboat.Manifest;

namespace Lifeboat.Sources;

/// <summary>
/// One kind of service data (a PostgreSQL database, a directory, an .env slice, ...), in both
/// directions: what goes into a snapshot, and how it comes back. Each kind lives in its own folder and
/// runs the shared conformance suite. Implementations never log or return secrets.
/// </summary>
public interface IDataSource
{
    /// <summary>The source as the manifest declares it.</summary>
    SourceConfig Config { get; }

    /// <summary>
    /// Checks that the tools exist in a compatible version and that the data is reachable with the
    /// declared credentials (for <c>lifeboat doctor</c> and before a backup). Never throws for a
    /// problem it can describe; each problem carries a fix hint.
    /// </summary>
    Task<IReadOnlyList<SourceProblem>> DiagnoseAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Prepares this source's part of a snapshot: the backup items under
    /// <see cref="SourceCaptureContext.SnapshotPath"/> (streams are started only when the archiver opens
    /// them, and their completion fails the snapshot if the dump failed) and a description for the
    /// snapshot's <c>lifeboat.json</c> (kind, options without secrets, tool and server versions).
    /// </summary>
    Task<SourceCapture> CaptureAsync(SourceCaptureContext context, CancellationToken cancellationToken = default);

    /// <summary>
    /// Restores this source's part of a snapshot to <see cref="SourceRestoreContext.Target"/>. The
    /// returned operation keeps what it replaced until <see cref="ISourceRestore.CommitAsync"/>, and
    /// puts it back on <see cref="ISourceRestore.RollbackAsync"/>; for scratch targets (drills),
    /// disposing it removes the scratch copy.
    /// </summary>
    Task<ISourceRestore> RestoreAsync(SourceRestoreContext context, CancellationToken cancellationToken = default);

    /// <summary>Whether <see cref="StageAsync"/> loads the data ahead (else applying does all the work).</summary>
    bool StagesAhead => false;

    /// <summary>The absolute file or directory an in-place restore replaces, for kinds that live on disk.</summary>
    string? LivePath => null;

    /// <summary>
    /// The first half of <see cref="RestoreAsync"/>: loads this source's part of a snapshot beside the
    /// data at <see cref="SourceRestoreContext.Target"/> without touching that data, so that it can run
    /// while the service still runs or while the safety snapshot is taken. <see cref="IStagedRestore.ApplyAsync"/>
    /// then puts it in place. Kinds that cannot load beside the live data do all the work in
    /// <see cref="IStagedRestore.ApplyAsync"/> (the default).
    /// </summary>
    Task<IStagedRestore> StageAsync(SourceRestoreContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult<IStagedRestore>(new DeferredRestore(this, context));

    /// <summary>
    /// Removes scratch copies that drills killed mid-way left behind (for databases: databases named
    /// like this source's database followed by "_drill_" and an id, on the source's server or
    /// <paramref name="drillServerUrl"/>, reached with <paramref name="drillServerPassword"/> when its
    /// URL has none). Returns what was removed. Sources whose scratch copies live in the drill's
    /// temporary directory have nothing to do.
    /// </summary>
    Task<IReadOnlyList<string>> RemoveDrillLeftoversAsync(string? drillServerUrl, SecretRef? drillServerPassword, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>
    /// Finds what restores of this source that did not finish left beside its data, and beside
    /// <paramref name="into"/> (the <c>--into</c> database of the restore about to run, on the source's own
    /// server, or the path for a file database) when given;
    /// with <paramref name="removeStaging"/>, removes the staging copies among them. The caller makes sure
    /// no other restore of the service runs on this host meanwhile. Never removes what was set aside.
    /// </summary>
    Task<RestoreLeftovers> SweepRestoreLeftoversAsync(string? into, bool removeStaging, CancellationToken cancellationToken = default) =>
        Task.FromResult(RestoreLeftovers.None);
}
