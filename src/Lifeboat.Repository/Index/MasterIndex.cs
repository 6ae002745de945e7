using Lifeboat.Repository.Packs;

namespace Lifeboat.Repository.Index;

/// <summary>
/// The in-memory index of every blob in the repository: which pack holds it, where, and how long it is.
/// Safe for concurrent readers and writers. When a blob is stored in several packs (a crash or a
/// concurrent backup can cause that), the first location is used for reading and every location is
/// kept for prune and check.
/// </summary>
public sealed class MasterIndex
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Id, Entry> _data = [];
    private readonly Dictionary<Id, Entry> _trees = [];
    private readonly List<Id> _packs = [];
    private readonly Dictionary<Id, int> _packNumbers = [];
    private readonly List<(int Pack, PackedBlob Blob)> _duplicates = [];

    /// <summary>Number of distinct blobs (data and tree).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _data.Count + _trees.Count;
            }
        }
    }

    /// <summary>Number of packs the index knows.</summary>
    public int PackCount
    {
        get
        {
            lock (_lock)
            {
                return _packs.Count;
            }
        }
    }

    /// <summary>Adds every blob of one pack.</summary>
    public void AddPack(Id packId, IEnumerable<PackedBlob> blobs)
    {
        lock (_lock)
        {
            if (!_packNumbers.TryGetValue(packId, out var number))
            {
                number = _packs.Count;
                _packs.Add(packId);
                _packNumbers.Add(packId, number);
            }

            foreach (var blob in blobs)
            {
                var map = blob.Type == BlobType.Tree ? _trees : _data;
                var entry = new Entry(number, blob.Offset, blob.Length, blob.UncompressedLength);
                if (!map.TryAdd(blob.Id, entry))
                {
                    var existing = map[blob.Id];
                    if (existing.Pack != number || existing.Offset != blob.Offset)
                    {
                        _duplicates.Add((number, blob));
                    }
                }
            }
        }
    }

    /// <summary>Adds the packs an index file describes.</summary>
    public void AddIndexFile(IndexFile file)
    {
        foreach (var pack in file.Packs)
        {
            AddPack(pack.Id, pack.Blobs.Select(b => new PackedBlob(
                b.Id,
                b.Type == "tree" ? BlobType.Tree : b.Type == "data" ? BlobType.Data : throw new FormatException($"index: unknown blob type '{b.Type}'"),
                b.Offset,
                b.Length,
                b.UncompressedLength)));
        }
    }

    public bool Contains(BlobType type, Id id)
    {
        lock (_lock)
        {
            return (type == BlobType.Tree ? _trees : _data).ContainsKey(id);
        }
    }

    /// <summary>Finds a blob's location.</summary>
    public bool TryGet(BlobType type, Id id, out Id packId, out PackedBlob blob)
    {
        lock (_lock)
        {
            if ((type == BlobType.Tree ? _trees : _data).TryGetValue(id, out var entry))
            {
                packId = _packs[entry.Pack];
                blob = new PackedBlob(id, type, entry.Offset, entry.Length, entry.UncompressedLength);
                return true;
            }
        }

        packId = default;
        blob = default;
        return false;
    }

    /// <summary>Every pack id the index knows.</summary>
    public IReadOnlyList<Id> Packs()
    {
        lock (_lock)
        {
            return _packs.ToArray();
        }
    }

    public bool ContainsPack(Id packId)
    {
        lock (_lock)
        {
            return _packNumbers.ContainsKey(packId);
        }
    }

    /// <summary>Every blob location, including duplicates, grouped by pack.</summary>
    public Dictionary<Id, List<PackedBlob>> BlobsByPack()
    {
        lock (_lock)
        {
            var result = new Dictionary<Id, List<PackedBlob>>(_packs.Count);
            foreach (var pack in _packs)
            {
                result[pack] = [];
            }

            foreach (var (map, type) in new[] { (_data, BlobType.Data), (_trees, BlobType.Tree) })
            {
                foreach (var (id, entry) in map)
                {
                    result[_packs[entry.Pack]].Add(new PackedBlob(id, type, entry.Offset, entry.Length, entry.UncompressedLength));
                }
            }

            foreach (var (pack, blob) in _duplicates)
            {
                result[_packs[pack]].Add(blob);
            }

            foreach (var list in result.Values)
            {
                list.Sort(static (a, b) => a.Offset.CompareTo(b.Offset));
            }

            return result;
        }
    }

    private readonly record struct Entry(int Pack, uint Offset, uint Length, uint UncompressedLength);
}
