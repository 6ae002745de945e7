using System.Text.Json.Serialization;

namespace Lifeboat.Repository.Locks;

/// <summary>A lock as restic stores it in <c>locks/&lt;id&gt;</c>.</summary>
public sealed class LockFile
{
    [JsonPropertyName("time")]
    public ResticTime Time { get; set; }

    [JsonPropertyName("exclusive")]
    public bool Exclusive { get; set; }

    [JsonPropertyName("hostname")]
    public string Hostname { get; set; } = string.Empty;

    [JsonPropertyName("username")]
    public string Username { get; set; } = string.Empty;

    [JsonPropertyName("pid")]
    public int Pid { get; set; }

    [JsonPropertyName("uid")]
    public uint Uid { get; set; }

    [JsonPropertyName("gid")]
    public uint Gid { get; set; }

    /// <summary>This host's name as restic writes and compares it in lock files (see <see cref="HostName"/>).</summary>
    public static string ThisHost => HostName.Current;

    /// <summary>The lock file's id (not serialised).</summary>
    [JsonIgnore]
    public Id Id { get; set; }

    /// <summary>
    /// restic's staleness rule: older than 30 minutes, or made on this host by a process that no longer exists.
    /// </summary>
    public bool IsStale(DateTimeOffset now, string hostname)
    {
        if (now - Time.Value > RepositoryLock.StaleAfter)
        {
            return true;
        }

        if (!string.Equals(Hostname, hostname, StringComparison.Ordinal))
        {
            return false;
        }

        return !ProcessExists(Pid);
    }

    public override string ToString() =>
        $"{(Exclusive ? "exclusive" : "shared")} lock by PID {Pid} on {Hostname} by {Username}, created {Time.Value.ToLocalTime():yyyy-MM-dd HH:mm:ss}";

    private static bool ProcessExists(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
