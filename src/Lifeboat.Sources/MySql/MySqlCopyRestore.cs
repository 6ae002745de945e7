namespace Lifeboat.Sources.MySql;

/// <summary>
/// A restore over a MySQL/MariaDB database whose previous content was first copied aside into
/// <see cref="Previous"/> (MySQL cannot rename a database). Commit drops the copy; rollback drops the
/// restored database, recreates it and copies the previous content back.
/// </summary>
internal sealed class MySqlCopyRestore(
    RestoredLocation location,
    MySqlEndpoint endpoint,
    string source,
    string target,
    MySqlCopyRestore.Aside? previous,
    Func<string, string, CancellationToken, Task> copy,
    Action<string>? log) : RestoreOperation(location)
{
    /// <summary>The copy of what the restore replaced, and the character set to recreate it with.</summary>
    public sealed record Aside(string Database, string CharacterSet, string Collation);

    public string? Previous => previous?.Database;

    protected override async Task CommitCoreAsync(CancellationToken cancellationToken)
    {
        if (previous is null)
        {
            return;
        }

        await using var admin = await MySqlServerAdmin.OpenAsync(endpoint, source, cancellationToken);
        log?.Invoke($"dropping the copy of the previous database, {previous.Database}");
        await admin.DropAsync(previous.Database, cancellationToken);
    }

    protected override async Task RollbackCoreAsync(CancellationToken cancellationToken)
    {
        await using var admin = await MySqlServerAdmin.OpenAsync(endpoint, source, cancellationToken);
        log?.Invoke($"rolling back: dropping the restored database {target}");
        await admin.DropAsync(target, cancellationToken);
        if (previous is null)
        {
            return;
        }

        log?.Invoke($"rolling back: copying {previous.Database} back to {target}");
        await admin.CreateAsync(target, previous.CharacterSet, previous.Collation, cancellationToken);
        await copy(previous.Database, target, cancellationToken);
        await admin.DropAsync(previous.Database, cancellationToken);
    }
}
