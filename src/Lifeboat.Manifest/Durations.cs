using System.Diagnostics.CodeAnalysis;

namespace Lifeboat.Manifest;

/// <summary>
/// Durations as operators write them: <c>90s</c>, <c>30m</c>, <c>24h</c>, <c>7d</c>, <c>2w</c>, and
/// combinations like <c>1h30m</c> (units s, m, h, d, w; largest first is not required).
/// </summary>
public static class Durations
{
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException($"'{text}' {error}");

    public static bool TryParse(string text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = TimeSpan.Zero;
        if (text.Length == 0)
        {
            error = "is empty";
            return false;
        }

        long seconds = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                error = "is not a duration";
                return false;
            }

            if (i == text.Length)
            {
                error = start == 0 ? "has no unit" : "ends without a unit";
                return false;
            }

            long unit = text[i] switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86400,
                'w' => 7 * 86400,
                _ => 0,
            };
            if (unit == 0)
            {
                error = $"has an unknown unit '{text[i]}'";
                return false;
            }

            if (!long.TryParse(text.AsSpan(start, i - start), out var amount) || amount > 100L * 365 * 86400 / unit)
            {
                error = "is too long";
                return false;
            }

            seconds += amount * unit;
            i++;
        }

        if (seconds > 100L * 365 * 86400)
        {
            error = "is too long";
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        error = null;
        return true;
    }

    /// <summary>Formats a duration the way the manifest writes it: <c>1h30m</c>, <c>7d</c>, <c>90s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        var seconds = (long)value.TotalSeconds;
        var parts = new System.Text.StringBuilder();
        foreach (var (unit, size) in new[] { ('d', 86400L), ('h', 3600L), ('m', 60L), ('s', 1L) })
        {
            if (seconds >= size)
            {
                parts.Append(seconds / size).Append(unit);
                seconds %= size;
            }
        }

        return parts.ToString();
    }
}
