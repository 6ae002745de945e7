namespace Lifeboat.Sources;

/// <summary>
/// A restore that has been applied but not yet made final. The orchestrator runs post-restore fixes
/// and health checks, then commits every source, or rolls every source back if anything failed.
/// Commit and rollback are each idempotent; calling one after the other throws
/// <see cref="InvalidOperationException"/>. Disposing a restore that was neither committed nor rolled
/// back rolls it back, like an unfinished transaction. For a scratch target (a drill), commit keeps the
/// scratch copy (<c>drill --keep</c>): disposing removes it unless it was committed. Not thread-safe
/// beyond that (calls are serialized).
/// </summary>
public interface ISourceRestore : IAsyncDisposable
{
    /// <summary>Where the restored data is now, for fixes and verify checks.</summary>
    RestoredLocation Location { get; }

    /// <summary>Makes the restore final: removes what it replaced (old directory, old database); for a scratch copy, keeps it.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Puts back what was there before the restore; for a scratch copy, removes it.</summary>
    /// <exception cref="SourceException">The previous state cannot be put back (a command source whose state could not be saved).</exception>
    Task RollbackAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// The restored data's location: a database connection (for SQL fixes and checks) and/or a path.
/// <see cref="Environment"/> holds variables for command checks (e.g. PGDATABASE, LIFEBOAT_SOURCE_DIR),
/// which may include credentials and must not be printed.
/// </summary>
public sealed record RestoredLocation
{
    public string? ConnectionString { get; init; }

    /// <summary>"postgres", "mysql" or "sqlite" when <see cref="ConnectionString"/> is set.</summary>
    public string? Provider { get; init; }

    public string? Database { get; init; }

    public string? Path { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
