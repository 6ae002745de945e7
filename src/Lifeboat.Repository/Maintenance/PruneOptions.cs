namespace Lifeboat.Repository.Maintenance;

/// <summary>How much a prune may leave unused, and whether it only plans.</summary>
public sealed record PruneOptions
{
    /// <summary>Unused space tolerated, in percent of the used data, before partly used packs are repacked.</summary>
    public double MaxUnusedPercent { get; init; } = 5;

    /// <summary>Plan only; change nothing.</summary>
    public bool DryRun { get; init; }

    public int PackSize { get; init; } = RepositoryWriter.DefaultPackSize;

    /// <summary>Parses "5%", "5" or "unlimited".</summary>
    public static double ParseMaxUnused(string text)
    {
        text = text.Trim();
        if (text == "unlimited")
        {
            return double.PositiveInfinity;
        }

        return double.TryParse(text.TrimEnd('%'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new UsageException($"invalid --max-unused '{text}': use a percentage such as 5% or 'unlimited'");
    }
}
