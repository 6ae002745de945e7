namespace Lifeboat.Orchestration;

/// <summary>
/// Lets one drill, and one restore, of a service run at a time on this host. Two drills at once would
/// collide: both name their scratch databases after the snapshot, and each one's sweep for leftovers of
/// killed drills would drop the other's copy; the second drill waits (a drill from cron while an
/// operator runs one by hand). Two restores at once would replace each other's data and sweep away each
/// other's staging copies; the second restore is refused. A gate is an exclusive advisory lock on a file
/// in the temporary directory, released by the system when the process ends, however it ends.
/// </summary>
internal static class ServiceGate
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits for the drill gate of <paramref name="service"/>; dispose the result to open it again.</summary>
    public static async Task<IAsyncDisposable?> EnterDrillAsync(string service, IOperatorLog log, CancellationToken cancellationToken)
    {
        var waiting = false;
        while (true)
        {
            var (gate, busy) = TryEnter("drill", service, service, log);
            if (!busy)
            {
                return gate;
            }

            if (!waiting)
            {
                log.Info($"{service}: another drill of this service is running on this host; waiting for it to finish");
                waiting = true;
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>
    /// Enters the restore gate of <paramref name="service"/> in the manifest <paramref name="key"/> names
    /// (services of other manifests may share its name), or throws when another restore of it holds it.
    /// </summary>
    /// <exception cref="LifeboatException">Another restore of the service runs on this host.</exception>
    public static IAsyncDisposable? EnterRestore(string key, string service, IOperatorLog log)
    {
        var (gate, busy) = TryEnter("restore", key, service, log);
        return busy
            ? throw new LifeboatException($"{service}: another restore of this service is running on this host; nothing was changed")
            {
                Hint = "wait for it to finish, then restore again if you still need to",
            }
            : gate;
    }

    private static (IAsyncDisposable? Gate, bool Busy) TryEnter(string kind, string key, string service, IOperatorLog log)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lifeboat-{kind}-{key}.lock");
        try
        {
            return (new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None), false);
        }
        catch (UnauthorizedAccessException)
        {
            // Another user's run made the file: no gate between users.
            log.Warning($"{service}: cannot open {path}; this {kind} is not kept apart from other {kind}s of the service");
            return (null, false);
        }
        catch (IOException)
        {
            return (null, true);
        }
    }
}
