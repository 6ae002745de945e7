using Lifeboat.Manifest;
using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Orchestration.Retention;

/// <summary>Turns a manifest retention block into the engine's forget policy.</summary>
public static class RetentionPolicies
{
    public static ForgetPolicy ToPolicy(RetentionConfig retention) => new()
    {
        KeepLast = retention.KeepLast ?? 0,
        KeepHourly = retention.KeepHourly ?? 0,
        KeepDaily = retention.KeepDaily ?? 0,
        KeepWeekly = retention.KeepWeekly ?? 0,
        KeepMonthly = retention.KeepMonthly ?? 0,
        KeepYearly = retention.KeepYearly ?? 0,
        KeepWithin = retention.KeepWithin is { } within
            ? new ResticDuration(within.Years, within.Months, within.Days, within.Hours)
            : ResticDuration.Zero,
        KeepTags = retention.KeepTag.Select(TagList.Parse).ToList(),
    };

    /// <summary>The service's own retention, else the defaults, else none.</summary>
    public static RetentionConfig? For(ServiceConfig service, LifeboatManifest manifest) =>
        service.Retention ?? manifest.Defaults.Retention;
}
