using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// A Lifeboat CLI process running in the background: its output lines are collected as they come
/// (so a test can wait for a phase to start), standard input stays open until <see cref="CloseInput"/>,
/// <see cref="KillHardAsync"/> sends SIGKILL, as <c>kill -9</c> does, and <see cref="Suspend"/> stops it.
/// </summary>
internal sealed partial class LifeboatProcess : IDisposable
{
    private const int SIGKILL = 9;
    private const int SIGCONT = 18;
    private const int SIGSTOP = 19;

    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly StringBuilder _output = new();
    private readonly List<(string Needle, TaskCompletionSource Seen)> _waiters = [];
    private readonly Task _pumps;

    private LifeboatProcess(Process process)
    {
        _process = process;
        _pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>Everything written to stdout and stderr so far, interleaved by line.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public static LifeboatProcess Start(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        return new LifeboatProcess(Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Completes once a line containing <paramref name="needle"/> was printed; fails if the process ends first.</summary>
    public async Task WaitForLineAsync(string needle, TimeSpan timeout)
    {
        TaskCompletionSource seen;
        lock (_lock)
        {
            if (_output.ToString().Contains(needle, StringComparison.Ordinal))
            {
                return;
            }

            seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((needle, seen));
        }

        var finished = await Task.WhenAny(seen.Task, _pumps, Task.Delay(timeout));
        if (finished != seen.Task && !seen.Task.IsCompleted)
        {
            throw new TimeoutException(
                $"'{needle}' was not printed ({(_process.HasExited ? $"exited with {_process.ExitCode}" : "still running")}); output:\n{Output}");
        }
    }

    /// <summary>Closes standard input (end of a <c>--stdin</c> stream).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Sends SIGKILL and waits for the process to be gone. True when it was still running.</summary>
    public async Task<bool> KillHardAsync()
    {
        var wasRunning = !_process.HasExited && Kill(_process.Id, SIGKILL) == 0;
        await _process.WaitForExitAsync();
        await _pumps;
        return wasRunning;
    }

    /// <summary>Stops the process where it is (SIGSTOP), as a suspended machine would.</summary>
    public void Suspend() => Assert.Equal(0, Kill(_process.Id, SIGSTOP));

    /// <summary>Lets a suspended process continue (SIGCONT).</summary>
    public void Resume() => Assert.Equal(0, Kill(_process.Id, SIGCONT));

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        await _pumps;
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill(_process.Id, SIGKILL);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Kill(int pid, int signal);

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_lock)
            {
                _output.AppendLine(line);
                foreach (var waiter in _waiters.Where(w => line.Contains(w.Needle, StringComparison.Ordinal)).ToList())
                {
                    waiter.Seen.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }
    }
}
