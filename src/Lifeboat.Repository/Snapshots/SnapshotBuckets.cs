using System.Globalization;

namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// restic's bucket numbers for the <c>--keep-hourly</c> ... <c>--keep-yearly</c> rules. Two snapshots
/// share a bucket when the numbers are equal. Each is computed on the wall clock of the snapshot's own
/// recorded UTC offset, as Go keeps the offset it parsed: 00:30 at +02:00 on 1 January is in the new
/// day, month and year even though it is still 31 December in UTC.
/// </summary>
public static class SnapshotBuckets
{
    /// <summary>YYYYMMDDHH.</summary>
    public static long Hour(DateTimeOffset time) =>
        (time.Year * 1_000_000L) + (time.Month * 10_000L) + (time.Day * 100L) + time.Hour;

    /// <summary>YYYYMMDD.</summary>
    public static long Day(DateTimeOffset time) => (time.Year * 10_000L) + (time.Month * 100L) + time.Day;

    /// <summary>YYYYWW of the ISO 8601 week (weeks start on Monday; 1 January may be in week 52 or 53).</summary>
    public static long Week(DateTimeOffset time) =>
        (ISOWeek.GetYear(time.DateTime) * 100L) + ISOWeek.GetWeekOfYear(time.DateTime);

    /// <summary>YYYYMM.</summary>
    public static long Month(DateTimeOffset time) => (time.Year * 100L) + time.Month;

    /// <summary>YYYY.</summary>
    public static long Year(DateTimeOffset time) => time.Year;
}
