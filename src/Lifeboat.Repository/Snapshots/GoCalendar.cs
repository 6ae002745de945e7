namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// Go's calendar arithmetic on the proleptic Gregorian calendar, without the year 1..9999 limits of
/// <see cref="DateTime"/>: results are ticks since 0001-01-01T00:00Z and may lie outside that range.
/// </summary>
internal static class GoCalendar
{
    /// <summary>Days from 0001-01-01 to 1970-01-01.</summary>
    private const long UnixEpochDays = 719_162;

    /// <summary>
    /// Go's <c>t.AddDate(years, months, days)</c> as UTC ticks: the wall clock of <paramref name="time"/>
    /// in its own offset gets the parts added, then out-of-range months and days roll over
    /// (31 February is 3 March), then the offset is taken off again.
    /// </summary>
    public static Int128 AddDateTicks(DateTimeOffset time, long years, long months, long days)
    {
        var month0 = time.Month - 1 + months;
        var year = time.Year + years + FloorDiv(month0, 12);
        month0 -= FloorDiv(month0, 12) * 12;
        var dayNumber = (Int128)DaysFromCivil(year, month0 + 1, 1) + UnixEpochDays + time.Day - 1 + days;
        return (dayNumber * TimeSpan.TicksPerDay) + time.TimeOfDay.Ticks - time.Offset.Ticks;
    }

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (any year).</summary>
    private static Int128 DaysFromCivil(long year, long month, long day)
    {
        Int128 y = month <= 2 ? year - 1 : year;
        var era = y >= 0 ? y / 400 : (y - 399) / 400;
        var yearOfEra = y - (era * 400);
        var dayOfYear = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097) + dayOfEra - 719_468;
    }

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b) != 0 && ((a < 0) ^ (b < 0)) ? 1 : 0);
}
