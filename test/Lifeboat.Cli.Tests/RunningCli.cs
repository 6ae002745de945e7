using System.Diagnostics;
using System.Text;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests;

/// <summary>A CLI process running in the background; its output is collected as it comes.</summary>
public sealed partial class RunningCli : IDisposable
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _pumps;

    internal RunningCli(Process process)
    {
        _process = process;
        process.StandardInput.Close();
        _pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput, _stdout),
            PumpAsync(process.StandardError, _stderr));
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Sends a signal to the CLI process (not its children).</summary>
    public void Signal(int signal)
    {
        SignalDisposition.ThrowIfIgnored(_process.Id, signal);
        if (Kill(_process.Id, signal) != 0 && !_process.HasExited)
        {
            throw new IOException($"kill({_process.Id}, {signal}) failed");
        }
    }

    /// <summary>Waits for the exit and returns the exit code and everything written; kills the process on timeout.</summary>
    public async Task<(int ExitCode, string StandardOutput, string StandardError)> WaitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            await _pumps.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"lifeboat did not exit within {timeout}:\n{Text(_stderr)}");
        }

        return (_process.ExitCode, Text(_stdout), Text(_stderr));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static string Text(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
            }
        }
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static partial int Kill(int pid, int signal);
}
