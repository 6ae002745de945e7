using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Definitions;

/// <summary><c>health:</c> — how to tell a restored service is up.</summary>
internal static class HealthSchema
{
    public static Property<ConnectionUrl> Http { get; } = new("http",
        new UrlType("an http:// or https:// URL", "http", "https") { Example = "http://127.0.0.1:3000/" },
        "Passes when this URL answers with a 2xx or 3xx status (or expect_status).")
    {
        Example = "http://127.0.0.1:3000/",
    };

    public static Property<string> Tcp { get; } = new("tcp", new HostPortType(), "Passes when host:port accepts a TCP connection.")
    {
        Example = "127.0.0.1:5432",
    };

    public static Property<CommandLine> Command { get; } = new("command", Types.Command, "Passes when this command exits 0.");

    public static Property<long> ExpectStatus { get; } = new("expect_status", new IntegerType(100, 599),
        "The HTTP status that counts as healthy, instead of any 2xx or 3xx.");

    public static Property<TimeSpan> Timeout { get; } = new("timeout", Types.Duration,
        "How long to keep trying before the restore counts as failed.")
    {
        Default = TimeSpan.FromSeconds(60),
    };

    public static Property<TimeSpan> Interval { get; } = new("interval", Types.Duration, "The pause between attempts.")
    {
        Default = TimeSpan.FromSeconds(2),
    };

    public static ObjectType<HealthCheckConfig> Type { get; } = new("health",
        "The health check run after a restore: exactly one of http, tcp or command, retried until it passes or times out.",
        [Http, Tcp, Command, ExpectStatus, Timeout, Interval],
        r => new HealthCheckConfig
        {
            Http = r.Get(Http),
            Tcp = r.Get(Tcp),
            Command = r.Get(Command),
            ExpectStatus = (int?)r.Optional(ExpectStatus),
            Timeout = r.Get(Timeout),
            Interval = r.Get(Interval),
        })
    {
        Rules =
        [
            new ExactlyOneOf(Http, Tcp, Command),
            new Requires(ExpectStatus, Http, "(it applies to HTTP checks only)"),
        ],
    };
}
