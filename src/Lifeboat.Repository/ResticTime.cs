using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeboat.Repository;

/// <summary>
/// A timestamp as restic stores it: RFC 3339 with nanoseconds and the writer's UTC offset
/// ("2024-05-01T10:00:00.123456789+02:00"). Keeps the full nanosecond precision and the offset, so
/// that snapshots, trees and JSON output round-trip byte for byte.
/// </summary>
[JsonConverter(typeof(ResticTimeJsonConverter))]
public readonly record struct ResticTime(DateTimeOffset Value, int SubTickNanoseconds = 0) : IComparable<ResticTime>
{
    /// <summary>Nanoseconds since the Unix epoch (UTC).</summary>
    public long UnixNanoseconds =>
        (Value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100 + SubTickNanoseconds;

    public static ResticTime FromUnixNanoseconds(long nanoseconds, TimeSpan offset)
    {
        var ticks = Math.DivRem(nanoseconds, 100, out var rest);
        if (rest < 0)
        {
            ticks--;
            rest += 100;
        }

        var utc = new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + ticks, TimeSpan.Zero);
        return new ResticTime(utc.ToOffset(offset), (int)rest);
    }

    public static ResticTime Parse(string text)
    {
        // Split off the fraction so that nine digits survive (DateTimeOffset keeps seven).
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var extra = 0;
        var normalized = text;
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            var digits = text[(dot + 1)..end].PadRight(9, '0');
            extra = int.Parse(digits[7..9], CultureInfo.InvariantCulture);
            normalized = text[..dot] + "." + digits[..7] + text[end..];
        }

        var value = DateTimeOffset.Parse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        return new ResticTime(value, extra);
    }

    /// <summary>Formats as Go's RFC3339Nano: trailing zeros of the fraction dropped, "Z" for UTC.</summary>
    public override string ToString()
    {
        var v = Value;
        var nanos = (v.Ticks % TimeSpan.TicksPerSecond * 100) + SubTickNanoseconds;
        var text = v.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (nanos != 0)
        {
            text += "." + nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        var offset = v.Offset;
        if (offset == TimeSpan.Zero)
        {
            return text + "Z";
        }

        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return $"{text}{sign}{offset.Hours:D2}:{offset.Minutes:D2}";
    }

    public int CompareTo(ResticTime other) => UnixNanoseconds.CompareTo(other.UnixNanoseconds);

    public static bool operator <(ResticTime left, ResticTime right) => left.CompareTo(right) < 0;

    public static bool operator >(ResticTime left, ResticTime right) => left.CompareTo(right) > 0;

    public static bool operator <=(ResticTime left, ResticTime right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ResticTime left, ResticTime right) => left.CompareTo(right) >= 0;

    internal sealed class ResticTimeJsonConverter : JsonConverter<ResticTime>
    {
        public override ResticTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? throw new JsonException("time is null");
            try
            {
                return Parse(text);
            }
            catch (FormatException ex)
            {
                throw new JsonException($"invalid time '{text}'", ex);
            }
        }

        public override void Write(Utf8JsonWriter writer, ResticTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
