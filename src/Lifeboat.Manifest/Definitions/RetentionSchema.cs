using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Definitions;

/// <summary><c>retention:</c> — restic's forget policy, per service or in defaults.</summary>
internal static class RetentionSchema
{
    private static readonly IntegerType Count = new(1, 1_000_000);

    public static Property<long> KeepLast { get; } = new("keep_last", Count, "Keep the newest N snapshots.");

    public static Property<long> KeepHourly { get; } = new("keep_hourly", Count, "Keep the newest snapshot of each of the last N hours that have one.");

    public static Property<long> KeepDaily { get; } = new("keep_daily", Count, "Keep the newest snapshot of each of the last N days that have one.");

    public static Property<long> KeepWeekly { get; } = new("keep_weekly", Count, "Keep the newest snapshot of each of the last N weeks that have one.");

    public static Property<long> KeepMonthly { get; } = new("keep_monthly", Count, "Keep the newest snapshot of each of the last N months that have one.");

    public static Property<long> KeepYearly { get; } = new("keep_yearly", Count, "Keep the newest snapshot of each of the last N years that have one.");

    public static Property<CalendarDuration> KeepWithin { get; } = new("keep_within", new CalendarDurationType(),
        "Keep every snapshot younger than this, counted back from the newest snapshot: 1y2m3d4h (m is months here, as in restic).")
    {
        Example = "30d",
    };

    public static Property<ValueList<string>> KeepTag { get; } = new("keep_tag", Types.UniqueStrings,
        "Keep every snapshot that has one of these tags.")
    {
        Example = "[pre-migration]",
    };

    public static ObjectType<RetentionConfig> Type { get; } = new("retention",
        "Which snapshots 'lifeboat forget' keeps (restic's rules; a snapshot kept by any rule stays).",
        [KeepLast, KeepHourly, KeepDaily, KeepWeekly, KeepMonthly, KeepYearly, KeepWithin, KeepTag],
        r => new RetentionConfig
        {
            KeepLast = (int?)r.Optional(KeepLast),
            KeepHourly = (int?)r.Optional(KeepHourly),
            KeepDaily = (int?)r.Optional(KeepDaily),
            KeepWeekly = (int?)r.Optional(KeepWeekly),
            KeepMonthly = (int?)r.Optional(KeepMonthly),
            KeepYearly = (int?)r.Optional(KeepYearly),
            KeepWithin = r.Get(KeepWithin),
            KeepTag = r.Get(KeepTag) ?? [],
        })
    {
        Shared = true,
        Rules = [new AnyOf(KeepLast, KeepHourly, KeepDaily, KeepWeekly, KeepMonthly, KeepYearly, KeepWithin, KeepTag)],
    };
}
