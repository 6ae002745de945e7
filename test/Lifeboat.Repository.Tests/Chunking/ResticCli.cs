using System.Diagnostics;

namespace Lifeboat.Repository.Tests.Chunking;

/// <summary>
/// Runs the restic binary (found on PATH) against one repository, with the password in the
/// environment and no cache. Throws with restic's stderr when it fails.
/// </summary>
internal sealed class ResticCli(string repository, string password)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public async Task<string> RunAsync(string? workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("restic")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add("--repo");
        start.ArgumentList.Add(repository);
        start.ArgumentList.Add("--no-cache");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["RESTIC_PASSWORD"] = password;
        start.Environment.Remove("RESTIC_PASSWORD_FILE");
        start.Environment.Remove("RESTIC_PASSWORD_COMMAND");
        start.Environment.Remove("RESTIC_REPOSITORY");

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("restic could not be started");
        using var timeout = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"restic {string.Join(' ', arguments)} took longer than {Timeout}");
        }

        var output = await stdout;
        var errors = await stderr;
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException(
                $"restic {string.Join(' ', arguments)} exited with {process.ExitCode}: {errors}");
    }
}
