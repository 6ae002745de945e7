namespace Lifeboat.Manifest;

/// <summary>
/// How to tell a service is up: exactly one of an HTTP URL (a 2xx/3xx answer, or
/// <see cref="ExpectStatus"/>), a TCP endpoint accepting connections, or a command exiting 0. Tried
/// every <see cref="Interval"/> until it passes or <see cref="Timeout"/> runs out.
/// </summary>
public sealed record HealthCheckConfig
{
    public ConnectionUrl? Http { get; init; }

    /// <summary><c>host:port</c>.</summary>
    public string? Tcp { get; init; }

    public CommandLine? Command { get; init; }

    public int? ExpectStatus { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);
}
