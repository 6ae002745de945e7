namespace Lifeboat;

/// <summary>
/// This host's name as restic records it in snapshots, keys and locks (Go's os.Hostname: the whole
/// name). Not <see cref="Environment.MachineName"/>, which .NET cuts at the first dot: on a host named
/// "backup01.example.com" restic and Lifeboat would otherwise put their snapshots in different host
/// groups and never recognise each other's locks as made here.
/// </summary>
public static class HostName
{
    public static string Current { get; } = System.Net.Dns.GetHostName();
}
