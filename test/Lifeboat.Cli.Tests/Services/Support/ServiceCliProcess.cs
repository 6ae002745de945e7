using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Services.Support;

/// <summary>A CLI process running in the background, its output collected as it comes; killed on dispose if still running.</summary>
internal sealed partial class ServiceCliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task _pumps;

    public ServiceCliProcess(Process process)
    {
        _process = process;
        process.StandardInput.Close();
        _pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Standard output and error so far, interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>kill -9: the process gets no chance to clean up.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
        await _pumps.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Ctrl-C: SIGINT to the CLI process.</summary>
    public void Interrupt()
    {
        SignalDisposition.ThrowIfIgnored(_process.Id, 2);
        if (Kill(_process.Id, 2) != 0 && !_process.HasExited)
        {
            throw new IOException($"kill({_process.Id}, SIGINT) failed");
        }
    }

    /// <summary>Waits for the exit and returns the exit code; kills the process on timeout.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
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
            throw new TimeoutException($"lifeboat did not exit within {timeout}:\n{Output}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (_output)
            {
                _output.Append(buffer, 0, read);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
