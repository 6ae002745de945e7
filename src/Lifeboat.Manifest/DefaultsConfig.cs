namespace Lifeboat.Manifest;

/// <summary>What every service gets unless it says otherwise (<c>defaults:</c>).</summary>
public sealed record DefaultsConfig
{
    /// <summary>The repository of services that name none.</summary>
    public string? Repository { get; init; }

    public RetentionConfig? Retention { get; init; }

    /// <summary>Hooks for services; a service's own hook replaces the default of the same name.</summary>
    public HooksConfig Hooks { get; init; } = HooksConfig.None;

    public string? Schedule { get; init; }
}
