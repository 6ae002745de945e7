using System.Collections.Concurrent;
using System.Diagnostics;

namespace Lifeboat.Testing;

/// <summary>
/// A long-running program (a database server) started by a fixture. Its output is kept (the last
/// 64 KiB) for error messages. Every instance still running when the test host exits is killed
/// with its child processes, so an aborted run leaves no servers behind.
/// </summary>
internal sealed class BackgroundProcess : IDisposable
{
    private static readonly ConcurrentDictionary<BackgroundProcess, byte> Running = new();

    private readonly Process _process;
    private readonly OutputBuffer _output = new(keepLast: 64 * 1024);
    private readonly Task _pumps;

    static BackgroundProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Keys)
            {
                process.Dispose();
            }
        };
    }

    private BackgroundProcess(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
        Id = process.Id;
        _pumps = Task.WhenAll(
            _output.PumpAsync(process.StandardOutput.BaseStream),
            _output.PumpAsync(process.StandardError.BaseStream));
        process.StandardInput.Close();
        Running.TryAdd(this, 0);
    }

    public int Id { get; }

    public string CommandLine { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the program wrote to standard output and error (interleaved).</summary>
    public string OutputTail => MessageText.Tail(_output.ToText());

    public static BackgroundProcess Start(string fileName, IReadOnlyList<string> arguments, ProcessOptions options)
    {
        var commandLine = MessageText.CommandLine(fileName, arguments, options.User);
        var process = new Process { StartInfo = ProcessRunner.CreateStartInfo(fileName, arguments, options) };
        try
        {
            ProcessRunner.Start(process, commandLine);
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return new BackgroundProcess(process, commandLine);
    }

    /// <summary>
    /// Sends <paramref name="signal"/> and waits up to <paramref name="grace"/> for the program to exit;
    /// kills it and its children when it does not. Returns true when it exited on the signal.
    /// </summary>
    public async Task<bool> StopAsync(int signal, TimeSpan grace)
    {
        var graceful = true;
        if (!_process.HasExited)
        {
            NativeMethods.Kill(Id, signal);
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                graceful = false;
                ProcessRunner.KillTree(_process);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        await Task.WhenAny(_pumps, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        Running.TryRemove(this, out _);
        return graceful;
    }

    /// <summary>Kills the program and its children if still running.</summary>
    public void Dispose()
    {
        if (Running.TryRemove(this, out _) || !_process.HasExited)
        {
            ProcessRunner.KillTree(_process);
        }

        _process.Dispose();
    }
}
