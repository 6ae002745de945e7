using System.Globalization;

namespace Lifeboat.Repository.Checking;

/// <summary>
/// Which packs a check reads in full: none (structure only), all (<c>--read-data</c>), bucket n of t
/// (<c>--read-data-subset n/t</c>, packs whose id's first byte modulo t is n-1, as restic selects them)
/// or a random percentage (<c>--read-data-subset 10%</c>).
/// </summary>
public sealed record CheckOptions
{
    public bool ReadAll { get; init; }

    public (int N, int T)? Bucket { get; init; }

    public double? Percentage { get; init; }

    public IProgress<(long Done, long Total)>? Progress { get; init; }

    /// <summary>Parses a --read-data-subset value ("2/5" or "10%").</summary>
    /// <exception cref="UsageException">Not a valid subset.</exception>
    public static CheckOptions ForSubset(string subset)
    {
        subset = subset.Trim();
        if (subset.EndsWith('%'))
        {
            if (double.TryParse(subset[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && percent > 0 && percent <= 100)
            {
                return new CheckOptions { Percentage = percent };
            }
        }
        else
        {
            var parts = subset.Split('/');
            if (parts.Length == 2 && int.TryParse(parts[0], out var n) && int.TryParse(parts[1], out var t) && t > 0 && n >= 1 && n <= t)
            {
                return new CheckOptions { Bucket = (n, t) };
            }
        }

        throw new UsageException($"invalid --read-data-subset '{subset}': use n/t (1 <= n <= t) or a percentage such as 10%");
    }

    /// <summary>The packs to read, in order.</summary>
    public IReadOnlyList<Id> SelectPacks(IReadOnlyList<Id> packs)
    {
        if (ReadAll)
        {
            return packs;
        }

        if (Bucket is var (n, t))
        {
            return packs.Where(p => p.ToArray()[0] % t == n - 1).ToList();
        }

        if (Percentage is { } percent)
        {
            var count = Math.Max(1, (int)Math.Floor(packs.Count * percent / 100)); // as restic: rounded down, at least one
            return packs.OrderBy(_ => Random.Shared.Next()).Take(count).Order().ToList();
        }

        return [];
    }
}
