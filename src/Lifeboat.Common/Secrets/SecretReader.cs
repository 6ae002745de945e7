using System.Diagnostics;

namespace Lifeboat.Secrets;

/// <summary>
/// Reads secrets (passwords, keys) from the places operators keep them: a file or the output of a
/// command. Errors name the file or the command but never include the secret or the command's output.
/// </summary>
public static class SecretReader
{
    /// <summary>Reads a secret file; surrounding whitespace (the trailing newline) is removed.</summary>
    /// <exception cref="ConfigurationException">The file is missing, unreadable or empty.</exception>
    public static async Task<string> FromFileAsync(string path, CancellationToken cancellationToken = default)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read secret file {path}: {Describe(ex)}");
        }

        var secret = text.Trim();
        if (secret.Length == 0)
        {
            throw new ConfigurationException($"secret file {path} is empty");
        }

        return secret;
    }

    /// <summary>
    /// Runs <paramref name="command"/> through <c>/bin/sh -c</c> and returns its standard output, trimmed.
    /// </summary>
    /// <exception cref="ConfigurationException">The command cannot start, fails, or prints nothing.</exception>
    public static async Task<string> FromCommandAsync(string command, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(command);

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception ex)
        {
            throw new ConfigurationException($"cannot run secret command '{command}': {ex.Message}");
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
            await Task.WhenAll(output, error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new ConfigurationException(
                $"secret command '{command}' failed with exit code {process.ExitCode}");
        }

        var secret = (await output).Trim();
        if (secret.Length == 0)
        {
            throw new ConfigurationException($"secret command '{command}' printed nothing");
        }

        return secret;
    }

    private static string Describe(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        _ => ex.Message,
    };
}
