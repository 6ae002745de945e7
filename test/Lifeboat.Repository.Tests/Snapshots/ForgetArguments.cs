using System.Globalization;
using Lifeboat.Repository.Snapshots;

namespace Lifeboat.Repository.Tests.Snapshots;

/// <summary>
/// Reads the restic forget/snapshots options a test passes to restic into our types, so that restic and
/// our engine are always given the same policy.
/// </summary>
internal sealed record ForgetArguments(ForgetPolicy Policy, SnapshotGroupBy GroupBy, SnapshotFilter Filter)
{
    public static ForgetArguments Parse(IReadOnlyList<string> args)
    {
        var policy = new ForgetPolicy();
        var groupBy = SnapshotGrouping.Default;
        var hosts = new List<string>();
        var tags = new List<TagList>();
        var paths = new List<string>();
        var keepTags = new List<TagList>();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = args[i + 1];
            int Count() => int.Parse(value, CultureInfo.InvariantCulture);
            ResticDuration Duration() => ResticDuration.Parse(value);
            policy = args[i] switch
            {
                "--keep-last" => policy with { KeepLast = Count() },
                "--keep-hourly" => policy with { KeepHourly = Count() },
                "--keep-daily" => policy with { KeepDaily = Count() },
                "--keep-weekly" => policy with { KeepWeekly = Count() },
                "--keep-monthly" => policy with { KeepMonthly = Count() },
                "--keep-yearly" => policy with { KeepYearly = Count() },
                "--keep-within" => policy with { KeepWithin = Duration() },
                "--keep-within-hourly" => policy with { KeepWithinHourly = Duration() },
                "--keep-within-daily" => policy with { KeepWithinDaily = Duration() },
                "--keep-within-weekly" => policy with { KeepWithinWeekly = Duration() },
                "--keep-within-monthly" => policy with { KeepWithinMonthly = Duration() },
                "--keep-within-yearly" => policy with { KeepWithinYearly = Duration() },
                _ => policy,
            };
            switch (args[i])
            {
                case "--keep-tag":
                    keepTags.Add(TagList.Parse(value));
                    break;
                case "--group-by":
                    groupBy = SnapshotGrouping.Parse(value);
                    break;
                case "--host":
                    hosts.Add(value);
                    break;
                case "--tag":
                    tags.Add(TagList.Parse(value));
                    break;
                case "--path":
                    paths.Add(value);
                    break;
                default:
                    if (!args[i].StartsWith("--keep-", StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"unknown option {args[i]}");
                    }

                    break;
            }
        }

        return new ForgetArguments(
            policy with { KeepTags = keepTags },
            groupBy,
            new SnapshotFilter { Hosts = hosts, Tags = tags, Paths = paths });
    }
}
