namespace Lifeboat.Sources.PostgreSql;

/// <summary>
/// A restore that loaded the dump into a new database and then swapped names: the database that was
/// there (if any) is now <see cref="Previous"/>, untouched. Commit drops it; rollback swaps the names
/// back and drops the restored one. Nothing is ever dropped that the restore did not create, until commit.
/// </summary>
internal sealed class PostgreSqlSwapRestore(
    RestoredLocation location,
    PostgreSqlEndpoint endpoint,
    string source,
    string target,
    string? previous,
    string failed,
    Action<string>? log) : RestoreOperation(location)
{
    public string? Previous { get; } = previous;

    protected override async Task CommitCoreAsync(CancellationToken cancellationToken)
    {
        if (Previous is null)
        {
            return;
        }

        await using var admin = await PostgreSqlServerAdmin.OpenAsync(endpoint, source, cancellationToken);
        log?.Invoke($"dropping the previous database {Previous}");
        await admin.DropDatabaseAsync(Previous, cancellationToken);
    }

    protected override async Task RollbackCoreAsync(CancellationToken cancellationToken)
    {
        await using var admin = await PostgreSqlServerAdmin.OpenAsync(endpoint, source, cancellationToken);
        if (Previous is null)
        {
            log?.Invoke($"rolling back: dropping the restored database {target}");
            await admin.DropDatabaseAsync(target, cancellationToken);
            return;
        }

        log?.Invoke($"rolling back: putting {Previous} back as {target}");
        await admin.RenameAsync([(target, failed), (Previous, target)], cancellationToken);
        await admin.DropDatabaseAsync(failed, cancellationToken);
    }
}
