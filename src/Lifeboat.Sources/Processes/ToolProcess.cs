using System.ComponentModel;
using System.Diagnostics;

namespace Lifeboat.Sources.Processes;

/// <summary>
/// A running tool. Standard input is always a pipe (closed at once unless the caller writes to it), so a
/// tool never reads the operator's terminal. Standard output is either handed to the caller as a
/// stream (<see cref="StandardOutput"/>, read without buffering it all: a dump goes straight into the
/// repository) or drained into a bounded tail; standard error is always kept as a bounded tail for the
/// failure message. Disposing kills the tool and its children if they still run.
/// </summary>
public sealed class ToolProcess : IAsyncDisposable
{
    private const int ErrorTailBytes = 16 * 1024;
    private readonly Process _process;
    private readonly ToolCommand _command;
    private readonly OutputTail _error = new(ErrorTailBytes);
    private readonly OutputTail? _drained;
    private readonly Task _pumps;
    private readonly Stream? _output;
    private int _disposed;

    private ToolProcess(Process process, ToolCommand command, bool streamOutput, bool writeInput)
    {
        _process = process;
        _command = command;
        var pumps = new List<Task> { Task.Run(() => _error.PumpAsync(process.StandardError.BaseStream)) };
        if (streamOutput)
        {
            _output = new ToolOutputStream(process.StandardOutput.BaseStream, this);
        }
        else
        {
            _drained = new OutputTail(ErrorTailBytes);
            pumps.Add(Task.Run(() => _drained.PumpAsync(process.StandardOutput.BaseStream)));
        }

        if (!writeInput)
        {
            CloseInput();
        }

        _pumps = Task.WhenAll(pumps);
    }

    /// <summary>The tool's standard output, when started with <c>streamOutput</c>. Disposing it before the end kills the tool.</summary>
    public Stream StandardOutput => _output ?? throw new InvalidOperationException("the output of this tool is drained, not streamed");

    /// <summary>The tool's standard input, when started with <c>writeInput</c>; close it to signal the end.</summary>
    public Stream StandardInput => _process.StandardInput.BaseStream;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last of what the tool wrote to standard error, secrets scrubbed.</summary>
    public string ErrorOutput => _command.Scrubber.Scrub(_error.ToText()).Trim();

    /// <summary>The last of what the tool wrote to standard output when it is drained, secrets scrubbed.</summary>
    public string DrainedOutput => _command.Scrubber.Scrub(_drained?.ToText() ?? "").Trim();

    /// <summary>Starts <paramref name="command"/>.</summary>
    /// <exception cref="SourceException">The program cannot be started (not installed, not executable).</exception>
    public static ToolProcess Start(ToolCommand command, bool streamOutput = false, bool writeInput = false)
    {
        ArgumentNullException.ThrowIfNull(command);
        var startInfo = new ProcessStartInfo(command.Program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = command.WorkingDirectory ?? "",
        };
        foreach (var argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.Environment)
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

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new SourceException(command.Source, $"cannot run {command.Program}: {ex.Message}")
            {
                Hint = $"install {command.Name} or point the source at the directory that has it",
            };
        }

        return new ToolProcess(process, command, streamOutput, writeInput);
    }

    /// <summary>Closes standard input (the tool sees the end of its input). Idempotent.</summary>
    public void CloseInput()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the tool exited without reading all of it; its exit code tells
        }
    }

    /// <summary>Waits until the tool has exited and its pipes are read; returns the exit code.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; the tool was killed.</exception>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
            await _pumps.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }

        return _process.ExitCode;
    }

    /// <summary>Waits for the tool and throws when it failed.</summary>
    /// <exception cref="SourceException">A non-zero exit code; the message has the end of standard error, scrubbed.</exception>
    public async Task EnsureSuccessAsync(CancellationToken cancellationToken = default)
    {
        var exitCode = await WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
        {
            throw Failure(exitCode);
        }
    }

    /// <summary>The exception describing a failed run: the exit code (or signal) and the end of standard error.</summary>
    public SourceException Failure(int exitCode)
    {
        var how = exitCode > 128 && exitCode < 160 ? $"was killed by signal {exitCode - 128}" : $"failed with exit code {exitCode}";
        var error = ErrorOutput;
        if (error.Length == 0)
        {
            error = DrainedOutput;
        }

        return new SourceException(_command.Source, error.Length == 0 ? $"{_command.Name} {how}" : $"{_command.Name} {how}: {Tail(error)}");
    }

    /// <summary>Kills the tool and its children if they still run.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // already gone
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Kill();
        try
        {
            await _process.WaitForExitAsync();
            await _pumps.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            // a grandchild keeps a pipe open; nothing more to read
        }

        if (_output is not null)
        {
            await _output.DisposeAsync();
        }

        _process.Dispose();
    }

    /// <summary>At most the last 20 lines of a tool's message.</summary>
    private static string Tail(string text)
    {
        var lines = text.Split('\n');
        return lines.Length <= 20 ? text : "...\n" + string.Join('\n', lines[^20..]);
    }
}
