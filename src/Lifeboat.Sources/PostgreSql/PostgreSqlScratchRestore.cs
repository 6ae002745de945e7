namespace Lifeboat.Sources.PostgreSql;

/// <summary>A drill's scratch database: dropped on rollback and on dispose, unless committed (kept for inspection).</summary>
internal sealed class PostgreSqlScratchRestore(RestoredLocation location, PostgreSqlEndpoint endpoint, string source, string database)
    : RestoreOperation(location)
{
    protected override Task CommitCoreAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override Task RollbackCoreAsync(CancellationToken cancellationToken) => DropAsync(cancellationToken);

    protected override Task DisposeCoreAsync(bool committed) => committed ? Task.CompletedTask : DropAsync(CancellationToken.None);

    private async Task DropAsync(CancellationToken cancellationToken)
    {
        await using var admin = await PostgreSqlServerAdmin.OpenAsync(endpoint, source, cancellationToken);
        await admin.DropDatabaseAsync(database, cancellationToken);
    }
}
