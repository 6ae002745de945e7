using System.Globalization;

namespace Lifeboat.Testing;

/// <summary>
/// Whether a process ignores a signal. A shell without job control starts background commands with
/// SIGINT ignored, and every process they start inherits that: a test that presses Ctrl-C on a CLI
/// started from such a run would wait for an exit that never comes. The tests check first and say so.
/// </summary>
public static class SignalDisposition
{
    /// <summary>Throws when process <paramref name="pid"/> ignores <paramref name="signal"/> (from /proc).</summary>
    /// <exception cref="InvalidOperationException">The signal is ignored, so sending it tests nothing.</exception>
    public static void ThrowIfIgnored(int pid, int signal)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/status");
        }
        catch (IOException)
        {
            return; // the process has exited; the caller's wait reports what it did
        }

        var sigIgn = lines.FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (sigIgn is null || !ulong.TryParse(sigIgn["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask))
        {
            return;
        }

        if ((mask & (1UL << (signal - 1))) != 0)
        {
            throw new InvalidOperationException(
                $"process {pid} ignores signal {signal}, inherited from the test run (a shell without job control " +
                "starts background commands so); run the tests in the foreground or from a shell with 'set -m'");
        }
    }
}
