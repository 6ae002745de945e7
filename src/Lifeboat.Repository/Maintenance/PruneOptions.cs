using System.Globalization;

namespace Lifeboat.Repository.Maintenance;

/// <summary>How much a prune may leave unused, and whether it only plans.</summary>
public sealed record PruneOptions
{
    /// <summary>The unused data tolerated after the prune (restic's --max-unused; default 5%).</summary>
    public MaxUnused MaxUnused { get; init; } = MaxUnused.Percent(5);

    /// <summary>Plan only; change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Allow a prune of a repository without snapshots (it removes all data).</summary>
    public bool AllowRemoveAll { get; init; }

    public int PackSize { get; init; } = RepositoryWriter.DefaultPackSize;
}

/// <summary>
/// restic's --max-unused: a percentage of the repository's size after the prune ("5%"), an absolute
/// size ("100M", "2G", or "500" bytes), or "unlimited".
/// </summary>
public sealed record MaxUnused
{
    private MaxUnused(double? percent, long? bytes)
    {
        PercentValue = percent;
        Bytes = bytes;
    }

    public double? PercentValue { get; }

    public long? Bytes { get; }

    public static MaxUnused Unlimited { get; } = new(null, long.MaxValue);

    public static MaxUnused Percent(double percent) => new(percent, null);

    public static MaxUnused Absolute(long bytes) => new(null, bytes);

    /// <summary>Unused bytes allowed to stay when <paramref name="used"/> bytes are used.</summary>
    public long AllowedFor(long used)
    {
        if (Bytes is { } bytes)
        {
            return bytes;
        }

        // p% of the total after the prune: unused <= p/100 * (used + unused).
        var p = PercentValue!.Value;
        if (p >= 100)
        {
            return long.MaxValue;
        }

        var allowed = p / (100 - p) * used;
        return allowed >= long.MaxValue ? long.MaxValue : (long)allowed;
    }

    /// <exception cref="UsageException">Not a percentage, size or "unlimited".</exception>
    public static MaxUnused Parse(string text)
    {
        text = text.Trim();
        if (text == "unlimited")
        {
            return Unlimited;
        }

        if (text.EndsWith('%'))
        {
            return double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and <= 100
                ? Percent(percent)
                : throw Invalid(text);
        }

        var multiplier = char.ToLowerInvariant(text.Length > 0 ? text[^1] : ' ') switch
        {
            'k' => 1L << 10,
            'm' => 1L << 20,
            'g' => 1L << 30,
            't' => 1L << 40,
            _ => 1L,
        };
        var number = multiplier == 1 ? text : text[..^1];
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= long.MaxValue / multiplier
            ? Absolute(value * multiplier)
            : throw Invalid(text);
    }

    public override string ToString() =>
        Bytes == long.MaxValue ? "unlimited" : PercentValue is { } p ? $"{p.ToString(CultureInfo.InvariantCulture)}%" : $"{Bytes} bytes";

    private static UsageException Invalid(string text) =>
        new($"invalid --max-unused '{text}': use a percentage (5%), a size (100M, 2G) or 'unlimited'");
}
