namespace Lifeboat.Manifest;

/// <summary>How restore drills run for a service (<c>drill:</c>).</summary>
public sealed record DrillConfig
{
    public static DrillConfig Default { get; } = new();

    /// <summary>False leaves the service out of <c>lifeboat drill</c> without a name (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// A database server for scratch databases (<c>postgres://drill@scratch-host/</c>), instead of the
    /// source's own server. Used by sources of the same kind.
    /// </summary>
    public ConnectionUrl? Server { get; init; }

    /// <summary>The password for <see cref="Server"/> (or the one in its URL).</summary>
    public SecretRef? Password { get; init; }
}
