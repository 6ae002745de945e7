namespace Lifeboat.Repository.Snapshots;

/// <summary>A forget policy applied to one group of snapshots.</summary>
public sealed record ForgetGroupResult(SnapshotGroupKey Key, ForgetResult Result);
