namespace Lifeboat.Orchestration.Drills;

/// <summary>
/// Lets one drill of a service run at a time on this host. Two at once would collide: both name their
/// scratch databases after the snapshot, and each one's sweep for leftovers of killed drills would drop
/// the other's copy. The second one waits (a drill from cron while an operator runs one by hand).
/// The gate is an exclusive advisory lock on a file in the temporary directory, released by the
/// system when the process ends, however it ends.
/// </summary>
internal static class DrillGate
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits for the gate of <paramref name="service"/>; dispose the result to open it again.</summary>
    public static async Task<IAsyncDisposable?> EnterAsync(string service, IOperatorLog log, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lifeboat-drill-{service}.lock");
        var waiting = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's drill made the file: no gate between users, as before.
                log.Warning($"{service}: cannot open {path}; this drill does not wait for other drills of the service");
                return null;
            }
            catch (IOException)
            {
                if (!waiting)
                {
                    log.Info($"{service}: another drill of this service is running on this host; waiting for it to finish");
                    waiting = true;
                }

                await Task.Delay(Poll, cancellationToken);
            }
        }
    }
}
