using System.Globalization;

namespace Lifeboat.Cli.Output;

/// <summary>Human-readable sizes, durations and ages.</summary>
internal static class Format
{
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? $"{bytes} B"
            : value.ToString(value >= 100 ? "0" : value >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    public static string Duration(TimeSpan duration) =>
        duration.TotalSeconds < 60
            ? duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
            : duration.TotalHours < 1
                ? $"{(int)duration.TotalMinutes}m{duration.Seconds:D2}s"
                : $"{(int)duration.TotalHours}h{duration.Minutes:D2}m";
}
