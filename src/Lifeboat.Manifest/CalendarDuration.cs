using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Lifeboat.Manifest;

/// <summary>
/// A restic-style calendar duration for <c>keep_within</c>: <c>1y2m3d4h</c> (years, months, days,
/// hours; note that <c>m</c> means months here, as in restic).
/// </summary>
public sealed record CalendarDuration(int Years, int Months, int Days, int Hours)
{
    public static CalendarDuration Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException($"'{text}' {error}");

    public static bool TryParse(string text, [NotNullWhen(true)] out CalendarDuration? value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = null;
        int years = 0, months = 0, days = 0, hours = 0;
        var i = 0;
        if (text.Length == 0)
        {
            error = "is empty";
            return false;
        }

        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length)
            {
                error = i == start ? "is not a duration" : "ends without a unit";
                return false;
            }

            if (!int.TryParse(text.AsSpan(start, i - start), out var amount) || amount > 100_000)
            {
                error = "is too long";
                return false;
            }

            switch (text[i])
            {
                case 'y': years += amount; break;
                case 'm': months += amount; break;
                case 'd': days += amount; break;
                case 'h': hours += amount; break;
                default:
                    error = $"has an unknown unit '{text[i]}'";
                    return false;
            }

            i++;
        }

        value = new CalendarDuration(years, months, days, hours);
        error = null;
        return true;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        if (Years != 0) text.Append(Years).Append('y');
        if (Months != 0) text.Append(Months).Append('m');
        if (Days != 0) text.Append(Days).Append('d');
        if (Hours != 0) text.Append(Hours).Append('h');
        return text.Length == 0 ? "0h" : text.ToString();
    }
}
