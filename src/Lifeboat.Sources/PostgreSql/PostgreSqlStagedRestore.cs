namespace Lifeboat.Sources.PostgreSql;

/// <summary>
/// A dump loaded into <c>&lt;db&gt;_restoring_&lt;id&gt;</c> beside the database it is to replace. Applying
/// it renames the database that is there (if any) to <c>&lt;db&gt;_previous_&lt;id&gt;</c> and the loaded one
/// to the target's name, in one transaction, and returns the <see cref="PostgreSqlSwapRestore"/> that
/// commits or rolls back. Disposing it unapplied drops the loaded database and touches nothing else.
/// Owns the administrative connection it was loaded with.
/// </summary>
internal sealed class PostgreSqlStagedRestore(
    PostgreSqlServerAdmin admin,
    RestoredLocation location,
    PostgreSqlEndpoint endpoint,
    string source,
    string staging,
    string target,
    string? previous,
    string failed,
    Action<string>? log) : StagedRestore
{
    protected override async Task<ISourceRestore> ApplyCoreAsync(CancellationToken cancellationToken)
    {
        log?.Invoke(previous is null
            ? $"renaming {staging} to {target}"
            : $"ending the sessions of {target}, renaming it to {previous} and {staging} to {target}");
        await admin.RenameAsync(previous is null ? [(staging, target)] : [(target, previous), (staging, target)], cancellationToken);
        return new PostgreSqlSwapRestore(location, endpoint, source, target, previous, failed, log);
    }

    // Never applied, or the renames failed (all or none): the loaded copy goes, the rest stays.
    protected override async ValueTask DiscardAsync()
    {
        try
        {
            await admin.DropDatabaseAsync(staging, CancellationToken.None);
        }
        catch (Exception ex) when (ex is SourceException or Npgsql.NpgsqlException or IOException)
        {
            log?.Invoke($"warning: cannot drop {staging} ({ex.Message}); the next restore of the service removes it");
        }
    }

    protected override ValueTask ReleaseAsync() => admin.DisposeAsync();
}
