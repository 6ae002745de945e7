namespace Lifeboat.Repository.Restorer;

/// <summary>A point-in-time view of a running restore.</summary>
public readonly record struct RestoreProgress(long FilesDone, long FilesTotal, long BytesDone, long BytesTotal, string? CurrentFile);
