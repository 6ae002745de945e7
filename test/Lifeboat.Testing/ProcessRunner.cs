using System.ComponentModel;
using System.Diagnostics;

namespace Lifeboat.Testing;

/// <summary>
/// Runs a program to completion: arguments as a list (never a shell string), environment, standard
/// input, a timeout and optionally another user. Standard output and error are read concurrently,
/// so a program that fills one pipe while the other is unread never blocks. Thread-safe.
/// </summary>
public static class ProcessRunner
{
    /// <summary>
    /// Runs <paramref name="fileName"/> (a path, or a name looked up on PATH) and returns its exit code
    /// and output; a non-zero exit code is not an error here (see <see cref="ProcessResult.EnsureSuccess"/>).
    /// </summary>
    /// <exception cref="ProcessTimeoutException">The program ran past <see cref="ProcessOptions.Timeout"/>; it and its child processes were killed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the program and its child processes were killed.</exception>
    /// <exception cref="InvalidOperationException">The program could not be started, or <see cref="ProcessOptions.User"/> needs root.</exception>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        ProcessOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        options ??= ProcessOptions.Default;
        var argumentList = arguments.ToList();
        var input = options.InputBytes();
        var commandLine = MessageText.CommandLine(fileName, argumentList, options.User);

        using var process = new Process { StartInfo = CreateStartInfo(fileName, argumentList, options) };
        var stopwatch = Stopwatch.StartNew();
        Start(process, commandLine);

        var standardOutput = new OutputBuffer();
        var standardError = new OutputBuffer();
        var pumps = Task.WhenAll(
            standardOutput.PumpAsync(process.StandardOutput.BaseStream),
            standardError.PumpAsync(process.StandardError.BaseStream),
            WriteInputAsync(process, input));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            await pumps.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            var exitedButOutputOpen = process.HasExited;
            KillTree(process);
            if (!exitedButOutputOpen)
            {
                // The pipes close as soon as the killed processes are gone; collect the last output.
                await Task.WhenAny(pumps, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None));
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new ProcessTimeoutException(
                commandLine, options.Timeout, standardOutput.ToText(), standardError.ToText(), exitedButOutputOpen);
        }

        return new ProcessResult(commandLine, process.ExitCode, standardOutput.ToArray(), standardError.ToArray(), stopwatch.Elapsed);
    }

    internal static ProcessStartInfo CreateStartInfo(string fileName, IReadOnlyList<string> arguments, ProcessOptions options)
    {
        var startInfo = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = options.WorkingDirectory ?? "",
        };

        if (options.User is { } userName && userName != Environment.UserName)
        {
            if (!UnixUser.IsRoot)
            {
                throw new InvalidOperationException(
                    $"Running {fileName} as '{userName}' needs root; this process runs as '{Environment.UserName}'.");
            }

            var user = UnixUser.Get(userName);
            startInfo.FileName = "setpriv";
            string[] switchUser = [$"--reuid={user.Uid}", $"--regid={user.Gid}", "--init-groups", "--", fileName];
            foreach (var argument in switchUser)
            {
                startInfo.ArgumentList.Add(argument);
            }

            startInfo.Environment["HOME"] = user.Home;
            startInfo.Environment["USER"] = user.Name;
            startInfo.Environment["LOGNAME"] = user.Name;
            if (options.WorkingDirectory is null)
            {
                startInfo.WorkingDirectory = Directory.Exists(user.Home) ? user.Home : "/";
            }
        }
        else
        {
            startInfo.FileName = fileName;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in options.Environment)
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

        return startInfo;
    }

    internal static void Start(Process process, string commandLine)
    {
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"Could not start {commandLine}: {exception.Message}", exception);
        }
    }

    internal static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    private static async Task WriteInputAsync(Process process, ReadOnlyMemory<byte> input)
    {
        try
        {
            if (!input.IsEmpty)
            {
                await process.StandardInput.BaseStream.WriteAsync(input);
            }
        }
        catch (IOException)
        {
            // The program exited (or closed its input) before reading everything; its exit code tells the story.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Same as above: the pipe is already broken.
            }
        }
    }
}
