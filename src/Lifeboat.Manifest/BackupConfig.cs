namespace Lifeboat.Manifest;

/// <summary>The service's <c>backup:</c> settings.</summary>
public sealed record BackupConfig
{
    public static BackupConfig Default { get; } = new();

    /// <summary>False leaves the service out of <c>lifeboat backup</c> without a name (default true).</summary>
    public bool Enabled { get; init; } = true;
}
