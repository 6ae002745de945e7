namespace Lifeboat.Repository.Restorer;

/// <summary>What a restore did, and what it could not do.</summary>
public sealed class RestoreResult
{
    public long Files { get; set; }

    public long Directories { get; set; }

    public long OtherNodes { get; set; }

    public long Bytes { get; set; }

    public TimeSpan Duration { get; set; }

    /// <summary>Paths that could not be restored (or not completely), with the reason.</summary>
    public List<RestoreError> Errors { get; } = [];

    public bool Succeeded => Errors.Count == 0;
}

/// <summary>One path that failed to restore.</summary>
public sealed record RestoreError(string Path, string Message);
