namespace Lifeboat.Sources;

/// <summary>
/// What restores of a source that did not finish (killed, power lost) left beside its data.
/// <see cref="Staging"/>: copies such a restore was still loading, or had just failed with; they were
/// never live and the snapshot still holds their content, so the next restore removes them.
/// <see cref="SetAside"/>: what such a restore had moved aside to put the restored data in its place; it
/// may be the only copy of the state before that restore, so Lifeboat never removes it and reports it.
/// </summary>
public sealed record RestoreLeftovers(IReadOnlyList<string> Staging, IReadOnlyList<string> SetAside)
{
    public static RestoreLeftovers None { get; } = new([], []);

    public bool IsEmpty => Staging.Count == 0 && SetAside.Count == 0;

    public static RestoreLeftovers Combine(IEnumerable<RestoreLeftovers> parts)
    {
        var list = parts.ToList();
        return new([.. list.SelectMany(p => p.Staging)], [.. list.SelectMany(p => p.SetAside)]);
    }
}
