namespace Lifeboat.Repository.Snapshots;

/// <summary>Orders snapshots by the instant they were taken, to the nanosecond, for any year.</summary>
internal static class SnapshotOrder
{
    public static Int128 Nanoseconds(ResticTime time) => ((Int128)time.Value.UtcTicks * 100) + time.SubTickNanoseconds;

    /// <summary>Newest first; snapshots taken at the same instant keep their input order (restic's stable sort).</summary>
    public static Snapshot[] NewestFirst(IReadOnlyList<Snapshot> snapshots)
    {
        var keys = new (Int128 Time, int Index)[snapshots.Count];
        var sorted = new Snapshot[snapshots.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = (Nanoseconds(snapshots[i].Time), i);
            sorted[i] = snapshots[i];
        }

        Array.Sort(keys, sorted, Comparer<(Int128 Time, int Index)>.Create(
            static (a, b) => a.Time != b.Time ? b.Time.CompareTo(a.Time) : a.Index.CompareTo(b.Index)));
        return sorted;
    }
}
