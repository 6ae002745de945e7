namespace Lifeboat.Repository.Snapshots;

/// <summary>Go's string order (by UTF-8 bytes, which is by code point), used where restic sorts tags and paths.</summary>
internal sealed class Utf8Ordinal : IComparer<string>
{
    public static Utf8Ordinal Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var a = x.EnumerateRunes();
        var b = y.EnumerateRunes();
        while (true)
        {
            var hasA = a.MoveNext();
            var hasB = b.MoveNext();
            if (!hasA || !hasB)
            {
                return hasA.CompareTo(hasB);
            }

            var c = a.Current.Value.CompareTo(b.Current.Value);
            if (c != 0)
            {
                return c;
            }
        }
    }
}
