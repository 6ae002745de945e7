namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// restic's retention policy (<c>restic forget --keep-*</c>, as restic 0.14 applies it), as a pure
/// function over one group of snapshots. Counts are the number of snapshots (or of distinct hours,
/// days, ISO weeks, months, years) to keep, newest first; 0 turns a rule off. Durations are measured
/// back from the newest snapshot of the group that is not in the future. A snapshot is kept when any
/// rule keeps it. Immutable and thread-safe.
/// </summary>
public sealed record ForgetPolicy
{
    public int KeepLast { get; init; }

    public int KeepHourly { get; init; }

    public int KeepDaily { get; init; }

    public int KeepWeekly { get; init; }

    public int KeepMonthly { get; init; }

    public int KeepYearly { get; init; }

    public ResticDuration KeepWithin { get; init; }

    public ResticDuration KeepWithinHourly { get; init; }

    public ResticDuration KeepWithinDaily { get; init; }

    public ResticDuration KeepWithinWeekly { get; init; }

    public ResticDuration KeepWithinMonthly { get; init; }

    public ResticDuration KeepWithinYearly { get; init; }

    /// <summary>A snapshot is kept when it has every tag of any one of these lists.</summary>
    public IReadOnlyList<TagList> KeepTags { get; init; } = [];

    /// <summary>No rule is set: restic then keeps everything and <c>forget</c> removes nothing.</summary>
    public bool IsEmpty =>
        KeepTags.Count == 0
        && KeepLast == 0 && KeepHourly == 0 && KeepDaily == 0 && KeepWeekly == 0 && KeepMonthly == 0 && KeepYearly == 0
        && KeepWithin.IsZero && KeepWithinHourly.IsZero && KeepWithinDaily.IsZero
        && KeepWithinWeekly.IsZero && KeepWithinMonthly.IsZero && KeepWithinYearly.IsZero;

    /// <summary>
    /// Every problem with the policy, named by restic's option: negative counts and durations. restic
    /// 0.14 accepts both and then keeps nothing at all for them, which is never what a user meant.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (name, _, count) in Counts())
        {
            if (count < 0)
            {
                problems.Add($"--{name} must not be negative, got {count}");
            }
        }

        foreach (var (name, duration) in Durations())
        {
            if (duration.IsNegative)
            {
                problems.Add($"--{name} must not contain negative values, got {duration}");
            }
        }

        if (KeepTags.Any(t => t is null))
        {
            problems.Add("--keep-tag must not contain a null tag list");
        }

        return problems;
    }

    /// <summary>Applies the policy with the current time of <paramref name="timeProvider"/> (the system clock by default).</summary>
    public ForgetResult Apply(IReadOnlyList<Snapshot> snapshots, TimeProvider? timeProvider = null) =>
        Apply(snapshots, (timeProvider ?? TimeProvider.System).GetUtcNow());

    /// <summary>
    /// Decides which snapshots of one group are kept and which removed. Snapshots after
    /// <paramref name="now"/> are kept or removed by the rules like any other, but are not the
    /// "newest" that <c>--keep-within*</c> measures from. An empty policy keeps everything with the
    /// reason "policy is empty". Does not modify the snapshots.
    /// </summary>
    /// <exception cref="ArgumentException">The policy is invalid (see <see cref="Validate"/>).</exception>
    public ForgetResult Apply(IReadOnlyList<Snapshot> snapshots, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid forget policy: " + string.Join("; ", problems));
        }

        var list = SnapshotOrder.NewestFirst(snapshots);
        if (IsEmpty)
        {
            return new ForgetResult(list, [], [.. list.Select(s => new KeepReason(s, ["policy is empty"], default))]);
        }

        if (list.Length == 0)
        {
            return ForgetResult.Empty;
        }

        var latest = Latest(list, now);
        var counted = new CountedRule[]
        {
            new(KeepLast, null, "last snapshot"),
            new(KeepHourly, SnapshotBuckets.Hour, "hourly snapshot"),
            new(KeepDaily, SnapshotBuckets.Day, "daily snapshot"),
            new(KeepWeekly, SnapshotBuckets.Week, "weekly snapshot"),
            new(KeepMonthly, SnapshotBuckets.Month, "monthly snapshot"),
            new(KeepYearly, SnapshotBuckets.Year, "yearly snapshot"),
        };
        var within = new WithinRule[]
        {
            new(KeepWithinHourly, SnapshotBuckets.Hour, "hourly within", latest),
            new(KeepWithinDaily, SnapshotBuckets.Day, "daily within", latest),
            new(KeepWithinWeekly, SnapshotBuckets.Week, "weekly within", latest),
            new(KeepWithinMonthly, SnapshotBuckets.Month, "monthly within", latest),
            new(KeepWithinYearly, SnapshotBuckets.Year, "yearly within", latest),
        };
        var withinCutoff = Cutoff(KeepWithin, latest);

        var keep = new List<Snapshot>();
        var remove = new List<Snapshot>();
        var reasons = new List<KeepReason>();
        for (var nr = 0; nr < list.Length; nr++)
        {
            var snapshot = list[nr];
            var time = snapshot.Time.Value;
            var nanoseconds = SnapshotOrder.Nanoseconds(snapshot.Time);
            var matches = new List<string>();

            foreach (var tags in KeepTags)
            {
                if (tags.IsSatisfiedBy(snapshot))
                {
                    matches.Add($"has tags {tags}");
                }
            }

            if (!KeepWithin.IsZero && nanoseconds > withinCutoff)
            {
                matches.Add($"within {KeepWithin}");
            }

            foreach (var rule in counted)
            {
                if (rule.Remaining > 0)
                {
                    var bucket = rule.Bucket is null ? nr : rule.Bucket(time);
                    if (bucket != rule.Last)
                    {
                        rule.Last = bucket;
                        rule.Remaining--;
                        matches.Add(rule.Reason);
                    }
                }
            }

            foreach (var rule in within)
            {
                if (!rule.Duration.IsZero && nanoseconds > rule.Cutoff)
                {
                    var bucket = rule.Bucket(time);
                    if (bucket != rule.Last)
                    {
                        rule.Last = bucket;
                        matches.Add($"{rule.Reason} {rule.Duration}");
                    }
                }
            }

            if (matches.Count > 0)
            {
                keep.Add(snapshot);
                var counters = new KeepCounters(
                    counted[0].Remaining, counted[1].Remaining, counted[2].Remaining,
                    counted[3].Remaining, counted[4].Remaining, counted[5].Remaining);
                reasons.Add(new KeepReason(snapshot, matches, counters));
            }
            else
            {
                remove.Add(snapshot);
            }
        }

        return new ForgetResult(keep, remove, reasons);
    }

    /// <summary>
    /// Groups <paramref name="snapshots"/> by <paramref name="groupBy"/> and applies the policy to each
    /// group, as <c>restic forget</c> does. Groups are ordered by their key.
    /// </summary>
    public IReadOnlyList<ForgetGroupResult> ApplyToGroups(
        IEnumerable<Snapshot> snapshots, SnapshotGroupBy groupBy, DateTimeOffset now) =>
        [.. SnapshotGrouping.Group(snapshots, groupBy).Select(g => new ForgetGroupResult(g.Key, Apply(g.Snapshots, now)))];

    /// <summary>restic's description, e.g. "keep 7 daily snapshots, 4 weekly snapshots and all snapshots within 1y of the newest".</summary>
    public override string ToString()
    {
        var text = string.Join(", ", Counts().Where(c => c.Count > 0).Select(c => $"{c.Count} {c.Description}"));
        if (text.Length > 0)
        {
            text += " snapshots";
        }

        var withins = Durations().Skip(1).Where(d => !d.Duration.IsZero)
            .Select(d => $"{d.Name[12..]} snapshots within {d.Duration}").ToList();
        if (withins.Count > 0)
        {
            text += (text.Length > 0 ? ", " : "") + string.Join(", ", withins);
        }

        if (KeepTags.Count > 0)
        {
            text += (text.Length > 0 ? " and " : "") + $"all snapshots with tags [{string.Join(' ', KeepTags)}]";
        }

        if (!KeepWithin.IsZero)
        {
            text += (text.Length > 0 ? " and " : "") + $"all snapshots within {KeepWithin} of the newest";
        }

        return "keep " + text;
    }

    public bool Equals(ForgetPolicy? other) =>
        other is not null
        && Counts().SequenceEqual(other.Counts())
        && Durations().SequenceEqual(other.Durations())
        && KeepTags.SequenceEqual(other.KeepTags);

    public override int GetHashCode() =>
        HashCode.Combine(KeepLast, KeepHourly, KeepDaily, KeepWeekly, KeepMonthly, KeepYearly, KeepWithin, KeepTags.Count);

    private IEnumerable<(string Name, string Description, int Count)> Counts() =>
    [
        ("keep-last", "latest", KeepLast), ("keep-hourly", "hourly", KeepHourly), ("keep-daily", "daily", KeepDaily),
        ("keep-weekly", "weekly", KeepWeekly), ("keep-monthly", "monthly", KeepMonthly),
        ("keep-yearly", "yearly", KeepYearly),
    ];

    private IEnumerable<(string Name, ResticDuration Duration)> Durations() =>
    [
        ("keep-within", KeepWithin), ("keep-within-hourly", KeepWithinHourly), ("keep-within-daily", KeepWithinDaily),
        ("keep-within-weekly", KeepWithinWeekly), ("keep-within-monthly", KeepWithinMonthly),
        ("keep-within-yearly", KeepWithinYearly),
    ];

    /// <summary>The newest snapshot time strictly before <paramref name="now"/>, or null when there is none.</summary>
    private static ResticTime? Latest(Snapshot[] list, DateTimeOffset now)
    {
        var nowNanoseconds = (Int128)now.UtcTicks * 100;
        ResticTime? latest = null;
        foreach (var snapshot in list)
        {
            var t = SnapshotOrder.Nanoseconds(snapshot.Time);
            if (t < nowNanoseconds && (latest is null || t > SnapshotOrder.Nanoseconds(latest.Value)))
            {
                latest = snapshot.Time;
            }
        }

        return latest;
    }

    /// <summary>
    /// The instant (nanoseconds since 0001-01-01Z) a snapshot must be after to be "within"
    /// <paramref name="duration"/> of <paramref name="latest"/>. Without a latest snapshot restic
    /// measures from Go's zero time, so every snapshot is within.
    /// </summary>
    private static Int128 Cutoff(ResticDuration duration, ResticTime? latest)
    {
        if (latest is not { } l)
        {
            return Int128.MinValue;
        }

        var ticks = GoCalendar.AddDateTicks(l.Value, -(long)duration.Years, -(long)duration.Months, -(long)duration.Days)
            - ((Int128)duration.Hours * TimeSpan.TicksPerHour);
        return (ticks * 100) + l.SubTickNanoseconds;
    }

    private sealed class CountedRule(int count, Func<DateTimeOffset, long>? bucket, string reason)
    {
        public int Remaining { get; set; } = count;

        public Func<DateTimeOffset, long>? Bucket { get; } = bucket;

        public long Last { get; set; } = -1;

        public string Reason { get; } = reason;
    }

    private sealed class WithinRule(ResticDuration duration, Func<DateTimeOffset, long> bucket, string reason, ResticTime? latest)
    {
        public ResticDuration Duration { get; } = duration;

        public Func<DateTimeOffset, long> Bucket { get; } = bucket;

        public string Reason { get; } = reason;

        public Int128 Cutoff { get; } = ForgetPolicy.Cutoff(duration, latest);

        public long Last { get; set; } = -1;
    }
}
