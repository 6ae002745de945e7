using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// restic's calendar duration for <c>--keep-within*</c>: years, months, days and hours, written
/// <c>"1y2m3d4h"</c>. Unlike <see cref="TimeSpan"/> it is applied to a wall clock the way Go's
/// <c>time.AddDate</c> does, so "1m" before 31 March is 3 March (February 31st, normalised), not
/// 28 February.
/// </summary>
public readonly record struct ResticDuration(int Years, int Months, int Days, int Hours)
{
    public static ResticDuration Zero => default;

    public bool IsZero => Years == 0 && Months == 0 && Days == 0 && Hours == 0;

    public bool IsNegative => Years < 0 || Months < 0 || Days < 0 || Hours < 0;

    /// <summary>
    /// Parses restic's format: numbers each followed by one unit of y, m, d or h, in any order; a
    /// repeated unit replaces the earlier one, a number may carry a leading minus, surrounding white
    /// space is ignored and the empty string is <see cref="Zero"/>.
    /// </summary>
    /// <exception cref="FormatException">With restic's message ("no unit found after number 1").</exception>
    public static ResticDuration Parse(string text) =>
        TryParse(text, out var duration, out var error) ? duration : throw new FormatException(error);

    public static bool TryParse(string? text, out ResticDuration duration, [NotNullWhen(false)] out string? error)
    {
        duration = default;
        error = null;
        var rest = (text ?? "").AsSpan().Trim();
        int years = 0, months = 0, days = 0, hours = 0;
        while (!rest.IsEmpty)
        {
            var negative = rest[0] == '-';
            if (negative)
            {
                rest = rest[1..];
            }

            var digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits == 0)
            {
                error = "no number found";
                return false;
            }

            if (!int.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                error = $"number {rest[..digits]} is too large";
                return false;
            }

            number = negative ? -number : number;
            rest = rest[digits..];
            if (rest.IsEmpty)
            {
                error = $"no unit found after number {number}";
                return false;
            }

            switch (rest[0])
            {
                case 'y':
                    years = number;
                    break;
                case 'm':
                    months = number;
                    break;
                case 'd':
                    days = number;
                    break;
                case 'h':
                    hours = number;
                    break;
                default:
                    error = $"invalid unit '{rest[0]}' found after number {number}";
                    return false;
            }

            rest = rest[1..];
        }

        duration = new ResticDuration(years, months, days, hours);
        return true;
    }

    /// <summary>
    /// The point in time this duration before <paramref name="time"/>, computed on the wall clock of
    /// <paramref name="time"/>'s own UTC offset with Go's normalisation of out-of-range days.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The result lies outside years 1 to 9999.</exception>
    public DateTimeOffset Before(DateTimeOffset time)
    {
        var ticks = GoCalendar.AddDateTicks(time, -(long)Years, -(long)Months, -(long)Days)
            - ((Int128)Hours * TimeSpan.TicksPerHour);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new ArgumentOutOfRangeException(nameof(time), $"{this} before {time:O} is out of range");
        }

        return new DateTimeOffset((long)ticks, TimeSpan.Zero).ToOffset(time.Offset);
    }

    /// <summary>restic's text form: "1y2m3d4h" with zero parts left out; "" for <see cref="Zero"/>.</summary>
    public override string ToString()
    {
        var text = "";
        if (Years != 0)
        {
            text += $"{Years}y";
        }

        if (Months != 0)
        {
            text += $"{Months}m";
        }

        if (Days != 0)
        {
            text += $"{Days}d";
        }

        if (Hours != 0)
        {
            text += $"{Hours}h";
        }

        return text;
    }
}
