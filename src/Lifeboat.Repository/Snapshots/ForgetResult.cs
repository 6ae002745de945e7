namespace Lifeboat.Repository.Snapshots;

/// <summary>
/// The outcome of <see cref="ForgetPolicy.Apply(IReadOnlyList{Snapshot}, DateTimeOffset)"/> on one group:
/// both lists newest first, <see cref="Reasons"/> parallel to <see cref="Keep"/>.
/// </summary>
public sealed record ForgetResult(
    IReadOnlyList<Snapshot> Keep,
    IReadOnlyList<Snapshot> Remove,
    IReadOnlyList<KeepReason> Reasons)
{
    public static ForgetResult Empty { get; } = new([], [], []);
}
