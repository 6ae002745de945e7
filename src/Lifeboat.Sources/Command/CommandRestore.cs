using Lifeboat.Sources.FileSystem;

namespace Lifeboat.Sources.Command;

/// <summary>A command source's in-place restore: rollback pipes the saved previous state into the restore command.</summary>
internal sealed class CommandRestore(CommandSource source, CommandSource.PreviousState previous, Action<string>? log)
    : RestoreOperation(new RestoredLocation())
{
    protected override Task CommitCoreAsync(CancellationToken cancellationToken)
    {
        Forget();
        return Task.CompletedTask;
    }

    protected override async Task RollbackCoreAsync(CancellationToken cancellationToken)
    {
        if (previous.Path is not { } path)
        {
            throw new SourceException(source.Config.Name, $"cannot roll back: the state before the restore could not be saved ({previous.Failure})")
            {
                Hint = "restore the safety snapshot taken before the restore",
            };
        }

        log?.Invoke($"rolling back: piping the saved state into the restore command");
        await source.PipeBackAsync(path, cancellationToken);
        Forget();
    }

    protected override async Task DisposeCoreAsync(bool committed)
    {
        try
        {
            if (!committed && previous.Path is not null && File.Exists(previous.Path))
            {
                await RollbackCoreAsync(CancellationToken.None);
            }
        }
        finally
        {
            Forget();
        }
    }

    private void Forget()
    {
        if (previous.Path is { } path)
        {
            PathSwap.Delete(path);
        }
    }
}
