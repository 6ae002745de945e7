namespace Lifeboat.Manifest;

/// <summary>A service declared under <c>services:</c>, with the defaults applied.</summary>
public sealed record ServiceConfig : INamed
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Restore order among services whose dependencies are met: lower first. Default 100.</summary>
    public int Priority { get; init; } = 100;

    /// <summary>Services restored before this one.</summary>
    public ValueList<string> DependsOn { get; init; } = [];

    /// <summary>Recovery point objective: the newest snapshot must be younger than this.</summary>
    public TimeSpan? Rpo { get; init; }

    /// <summary>Recovery time objective: a drill's restore must take less than this.</summary>
    public TimeSpan? Rto { get; init; }

    /// <summary>When backups should run: a validated five-field cron expression or macro (<c>@daily</c>).</summary>
    public string? Schedule { get; init; }

    public BackupConfig Backup { get; init; } = BackupConfig.Default;

    /// <summary>The name of the repository this service's snapshots go to (always declared).</summary>
    public required string Repository { get; init; }

    /// <summary>Extra tags on this service's snapshots.</summary>
    public ValueList<string> Tags { get; init; } = [];

    /// <summary>Stops the service for a consistent backup or a restore; <see cref="Start"/> always follows.</summary>
    public CommandLine? Stop { get; init; }

    public CommandLine? Start { get; init; }

    /// <summary>How to tell the service is up after a restore.</summary>
    public HealthCheckConfig? Health { get; init; }

    /// <summary>The data the service owns, by source name, in declaration order (at least one).</summary>
    public NamedMap<SourceConfig> Sources { get; init; } = NamedMap<SourceConfig>.Empty;

    public HooksConfig Hooks { get; init; } = HooksConfig.None;

    /// <summary>Fixes run after the sources are restored, in declared order.</summary>
    public ValueList<PostRestoreStep> PostRestore { get; init; } = [];

    /// <summary>Which snapshots to keep (own or default), or null to keep everything.</summary>
    public RetentionConfig? Retention { get; init; }

    /// <summary>Checks a drill runs against the restored scratch copy.</summary>
    public ValueList<VerifyCheck> Verify { get; init; } = [];

    public DrillConfig Drill { get; init; } = DrillConfig.Default;
}
