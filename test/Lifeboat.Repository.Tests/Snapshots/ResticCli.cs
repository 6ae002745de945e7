using System.Diagnostics;

namespace Lifeboat.Repository.Tests.Snapshots;

/// <summary>
/// Runs the restic binary on one repository with TZ=UTC and no cache; fails with restic's stderr.
/// The password also serves <c>copy --from-repo</c>.
/// </summary>
internal sealed class ResticCli(string repository, string password)
{
    public async Task<string> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("restic")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--no-cache");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[]
        {
            "RESTIC_PASSWORD_FILE", "RESTIC_PASSWORD_COMMAND", "RESTIC_REPOSITORY_FILE", "RESTIC_KEY_HINT",
            "RESTIC_FROM_PASSWORD_FILE", "RESTIC_FROM_PASSWORD_COMMAND", "RESTIC_FROM_REPOSITORY_FILE", "RESTIC_FROM_KEY_HINT",
        })
        {
            start.Environment.Remove(name);
        }

        start.Environment["RESTIC_REPOSITORY"] = repository;
        start.Environment["RESTIC_PASSWORD"] = password;
        start.Environment["RESTIC_FROM_PASSWORD"] = password;
        start.Environment["TZ"] = "UTC";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start restic");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"restic {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }
}
