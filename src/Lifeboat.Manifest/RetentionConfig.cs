namespace Lifeboat.Manifest;

/// <summary>
/// Which snapshots of a service <c>lifeboat forget</c> keeps, with restic's meaning of each rule. At
/// least one rule is set.
/// </summary>
public sealed record RetentionConfig
{
    public int? KeepLast { get; init; }

    public int? KeepHourly { get; init; }

    public int? KeepDaily { get; init; }

    public int? KeepWeekly { get; init; }

    public int? KeepMonthly { get; init; }

    public int? KeepYearly { get; init; }

    /// <summary>Keep every snapshot younger than this, relative to the newest snapshot.</summary>
    public CalendarDuration? KeepWithin { get; init; }

    /// <summary>Keep every snapshot with one of these tags (<c>pre-migration</c>).</summary>
    public ValueList<string> KeepTag { get; init; } = [];
}
