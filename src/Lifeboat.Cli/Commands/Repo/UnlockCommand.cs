using System.CommandLine;
using Lifeboat.Repository.Locks;
using Lifeboat.Storage;

namespace Lifeboat.Cli.Commands.Repo;

/// <summary><c>lifeboat repo unlock [--remove-all]</c>: removes stale locks (or every lock).</summary>
internal static class UnlockCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--remove-all") { Description = "Remove every lock, also those of running processes" };
        var command = new Command("unlock", "Remove stale locks") { all };
        return command.Handle(async context =>
        {
            await using var repository = await RepositoryAccess.OpenAsync(context, loadIndex: false);
            var removeAll = context.Get(all);
            var now = context.Clock.GetUtcNow();
            var removed = 0;
            var locks = await RepositoryLock.ListAsync(repository, context.CancellationToken);
            if (removeAll)
            {
                // Also lock files that cannot be read (cut short, damaged): restic's --remove-all removes them too.
                var readable = locks.Select(l => l.Id).ToHashSet();
                foreach (var id in (await repository.ListIdsAsync(FileType.Lock, context.CancellationToken)).Where(id => !readable.Contains(id)))
                {
                    await repository.Backend.RemoveAsync(new BackendFile(FileType.Lock, id.ToString()), context.CancellationToken);
                    context.Ui.Detail($"removed unreadable lock file {id}");
                    removed++;
                }
            }

            foreach (var lockFile in locks)
            {
                if (removeAll || lockFile.IsStale(now, LockFile.ThisHost))
                {
                    await repository.Backend.RemoveAsync(new BackendFile(FileType.Lock, lockFile.Id.ToString()), context.CancellationToken);
                    context.Ui.Detail($"removed {lockFile}");
                    removed++;
                }
                else
                {
                    context.Ui.Info($"kept {lockFile} (not stale)");
                }
            }

            context.Ui.Info($"removed {removed} locks");
            return ExitCodes.Success;
        });
    }
}
