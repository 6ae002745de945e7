namespace Lifeboat.Sources.MySql;

/// <summary>A drill's scratch database: dropped on rollback and on dispose, unless committed (kept for inspection).</summary>
internal sealed class MySqlScratchRestore(RestoredLocation location, MySqlEndpoint endpoint, string source, string database)
    : RestoreOperation(location)
{
    protected override Task CommitCoreAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override Task RollbackCoreAsync(CancellationToken cancellationToken) => DropAsync(cancellationToken);

    protected override Task DisposeCoreAsync(bool committed) => committed ? Task.CompletedTask : DropAsync(CancellationToken.None);

    private async Task DropAsync(CancellationToken cancellationToken)
    {
        await using var admin = await MySqlServerAdmin.OpenAsync(endpoint, source, cancellationToken);
        await admin.DropAsync(database, cancellationToken);
    }
}
