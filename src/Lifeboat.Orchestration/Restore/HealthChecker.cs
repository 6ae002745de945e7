using System.Diagnostics;
using System.Net.Sockets;
using Lifeboat.Manifest;
using Lifeboat.Orchestration.Processes;

namespace Lifeboat.Orchestration.Restore;

/// <summary>Waits until a service answers its declared health check (HTTP status, TCP port or command), or times out.</summary>
public static class HealthChecker
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Null when healthy within the timeout; otherwise the last failure.</summary>
    public static async Task<string?> WaitAsync(HealthCheckConfig health, IReadOnlyDictionary<string, string> environment, TimeProvider clock, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var last = "not checked";
        while (true)
        {
            last = await ProbeAsync(health, environment, cancellationToken) ?? string.Empty;
            if (last.Length == 0)
            {
                return null;
            }

            if (stopwatch.Elapsed + health.Interval > health.Timeout)
            {
                return $"not healthy after {Durations.Format(health.Timeout)}: {last}";
            }

            await Task.Delay(health.Interval, clock, cancellationToken);
        }
    }

    private static async Task<string?> ProbeAsync(HealthCheckConfig health, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        try
        {
            if (health.Http is { } url)
            {
                using var response = await Http.GetAsync(url.Reveal(), cancellationToken);
                var status = (int)response.StatusCode;
                var ok = health.ExpectStatus is { } expected ? status == expected : status is >= 200 and < 400;
                return ok ? null : $"HTTP {status} from {url}";
            }

            if (health.Tcp is { } endpoint)
            {
                var colon = endpoint.LastIndexOf(':');
                using var client = new TcpClient();
                await client.ConnectAsync(endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
                return null;
            }

            if (health.Command is { } command)
            {
                var result = await CommandRunner.RunAsync(command, environment, health.Timeout, cancellationToken: cancellationToken);
                return result.Succeeded ? null : $"'{command}' exited with code {result.ExitCode}";
            }

            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or TaskCanceledException or LifeboatException && !cancellationToken.IsCancellationRequested)
        {
            return ex.Message;
        }
    }
}
