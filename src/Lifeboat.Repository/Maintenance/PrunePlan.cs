namespace Lifeboat.Repository.Maintenance;

/// <summary>What a prune decided (and, unless a dry run, did).</summary>
public sealed class PrunePlan
{
    public List<Id> PacksToDelete { get; } = [];

    public List<Id> PacksToRepack { get; } = [];

    /// <summary>Packs the index lists that are gone and hold nothing used: dropped from the index.</summary>
    public List<Id> MissingUnusedPacks { get; } = [];

    /// <summary>Packs left alone because a backup that may still run could have written them.</summary>
    public List<Id> ProtectedPacks { get; } = [];

    /// <summary>Per pack, the blobs (type, id, offset) that stay.</summary>
    public Dictionary<Id, HashSet<(BlobType, Id, uint)>> KeepFrom { get; } = [];

    public List<Id> NewIndexFiles { get; } = [];

    public long UsedBlobs { get; set; }

    public long UnusedBlobs { get; set; }

    public int UnreferencedPacks { get; set; }

    public long TotalBytes { get; set; }

    public long BytesFreed { get; set; }

    public long UnusedBytesAfter { get; set; }

    public int NewPacks { get; set; }

    /// <summary>True when the plan was carried out.</summary>
    public bool Done { get; set; }

    /// <summary>Files a killed backup left in the backend's staging area (local <c>tmp/</c>), removed.</summary>
    public int StagedFilesRemoved { get; set; }
}
