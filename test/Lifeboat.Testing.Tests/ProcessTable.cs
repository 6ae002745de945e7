using System.Globalization;

namespace Lifeboat.Testing.Tests;

/// <summary>What /proc says about processes and sockets, for "nothing left behind" assertions.</summary>
internal static class ProcessTable
{
    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Waits up to five seconds for the process to go away; true when it did.</summary>
    public static async Task<bool> WaitUntilGoneAsync(int pid)
    {
        for (var i = 0; i < 100 && IsAlive(pid); i++)
        {
            await Task.Delay(50);
        }

        return !IsAlive(pid);
    }

    /// <summary>The effective user id the process runs as.</summary>
    public static uint EffectiveUid(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
    }

    /// <summary>Ids of live processes whose working directory is <paramref name="directory"/> or below it (deleted or not).</summary>
    public static IReadOnlyList<int> ProcessesWorkingIn(string directory)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                var cwd = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget;
                if (cwd is not null && (cwd == directory || cwd.StartsWith(directory + "/", StringComparison.Ordinal)) && IsAlive(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to inspect.
            }
        }

        return found;
    }

    /// <summary>The local addresses (hex as in /proc/net/tcp, e.g. 0100007F) listening on <paramref name="port"/>, IPv4 and IPv6.</summary>
    public static IReadOnlyList<string> ListeningAddresses(int port)
    {
        var portHex = port.ToString("X4", CultureInfo.InvariantCulture);
        return new[] { "/proc/net/tcp", "/proc/net/tcp6" }
            .Where(File.Exists)
            .SelectMany(File.ReadLines)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 3 && fields[3] == "0A" && fields[1].EndsWith(":" + portHex, StringComparison.Ordinal))
            .Select(fields => fields[1].Split(':')[0])
            .ToList();
    }
}
