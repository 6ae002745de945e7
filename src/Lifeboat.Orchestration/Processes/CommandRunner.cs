using System.Diagnostics;
using System.Text;
using Lifeboat.Manifest;

namespace Lifeboat.Orchestration.Processes;

/// <summary>
/// Runs the manifest's commands (stop, start, hooks, fixes, checks): argv lists, never a shell string;
/// extra environment variables; a timeout; the last lines of output kept for error messages.
/// </summary>
public static class CommandRunner
{
    private const int TailLines = 20;

    /// <exception cref="LifeboatException">The program cannot be started or the timeout passed.</exception>
    public static async Task<CommandResult> RunAsync(
        CommandLine command,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        Stream? input = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(command.Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new LifeboatException($"cannot run '{command.Program}': {ex.Message}");
        }

        var tail = new Queue<string>();
        var output = Collect(process.StandardOutput, tail);
        var error = Collect(process.StandardError, tail);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromHours(1));
        try
        {
            if (input is not null)
            {
                await using (var stdin = process.StandardInput.BaseStream)
                {
                    await input.CopyToAsync(stdin, limit.Token);
                }
            }

            await process.WaitForExitAsync(limit.Token);
            await Task.WhenAll(output, error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new LifeboatException($"'{command}' did not finish within {Durations.Format(timeout ?? TimeSpan.FromHours(1))}");
        }
        catch (IOException) when (process.HasExited)
        {
            // the command stopped reading its input: its exit code says whether that was a failure
            await Task.WhenAll(output, error);
        }

        lock (tail)
        {
            return new CommandResult(process.ExitCode, string.Join('\n', tail), stopwatch.Elapsed);
        }
    }

    private static async Task Collect(StreamReader reader, Queue<string> tail)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }
            }
        }
    }
}
