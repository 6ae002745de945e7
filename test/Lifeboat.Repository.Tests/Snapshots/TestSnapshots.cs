using System.Text;
using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Repository.Tests.Snapshots;

internal static class TestSnapshots
{
    private static int s_counter;

    /// <summary>A snapshot at an RFC 3339 time (offset kept as written), with a unique id.</summary>
    public static Snapshot At(string time, string host = "host", string[]? tags = null, string[]? paths = null) => new()
    {
        Time = ResticTime.Parse(time),
        Hostname = host,
        Tags = tags is null ? null : [.. tags],
        Paths = paths is null ? ["/data"] : [.. paths],
        Id = Id.Hash(Encoding.UTF8.GetBytes($"{time} {host} {Interlocked.Increment(ref s_counter)}")),
    };

    public static string[] Times(IEnumerable<Snapshot> snapshots) => [.. snapshots.Select(s => s.Time.ToString())];
}
