using System.Collections.Concurrent;
using Lifeboat.Repository.Index;
using Lifeboat.Repository.Packs;
using Lifeboat.Storage;

namespace Lifeboat.Repository.Maintenance;

/// <summary>
/// Rebuilds the index from the packs' own headers, for when index files are lost or damaged
/// (<c>repair index</c>). New index files are written before the old ones are removed. Packs whose
/// header cannot be read are reported; they keep the entries a readable old index file has for them
/// when those match the pack's size (as restic's rebuild-index does), and are left out otherwise.
/// The caller holds an exclusive lock.
/// </summary>
public sealed class IndexRebuilder(Repository repository)
{
    public async Task<IndexRebuildResult> RebuildAsync(CancellationToken cancellationToken = default)
    {
        var result = new IndexRebuildResult();
        var oldIndexFiles = await repository.ListIdsAsync(FileType.Index, cancellationToken);
        var packs = new List<BackendFileInfo>();
        await foreach (var info in repository.Backend.ListAsync(FileType.Pack, cancellationToken))
        {
            packs.Add(info);
        }

        var known = await LoadReadableIndexAsync(oldIndexFiles, cancellationToken);
        var entries = new ConcurrentDictionary<Id, List<PackedBlob>>();
        await Parallel.ForEachAsync(
            packs,
            new ParallelOptions { MaxDegreeOfParallelism = repository.Backend.Capabilities.Connections, CancellationToken = cancellationToken },
            async (info, ct) =>
            {
                var packId = Id.Parse(info.Name);
                try
                {
                    entries[packId] = await PackReader.ReadHeaderAsync(repository, packId, info.Size, ct);
                }
                catch (Exception ex) when (ex is RepositoryException or StorageException)
                {
                    var kept = known.TryGetValue(packId, out var blobs) && PackReader.ExpectedSize(blobs) == info.Size;
                    if (kept)
                    {
                        entries[packId] = blobs!;
                    }

                    lock (result.Problems)
                    {
                        result.Problems.Add(kept
                            ? $"data/{packId}: {ex.Message}; kept the {blobs!.Count} blobs an index file lists for it"
                            : $"data/{packId}: {ex.Message}");
                    }
                }
            });

        var file = new IndexFile();
        var blobs = 0;
        foreach (var (packId, packBlobs) in entries.OrderBy(e => e.Key))
        {
            file.Packs.Add(new IndexPack
            {
                Id = packId,
                Blobs = packBlobs.Select(b => new IndexBlob
                {
                    Id = b.Id,
                    Type = b.Type == BlobType.Tree ? "tree" : "data",
                    Offset = b.Offset,
                    Length = b.Length,
                    UncompressedLength = b.UncompressedLength,
                }).ToList(),
            });
            blobs += packBlobs.Count;
            result.Blobs += packBlobs.Count;
            if (blobs >= 40_000)
            {
                result.NewIndexFiles.Add(await repository.SaveJsonAsync(FileType.Index, file, cancellationToken));
                file = new IndexFile();
                blobs = 0;
            }
        }

        if (file.Packs.Count > 0)
        {
            result.NewIndexFiles.Add(await repository.SaveJsonAsync(FileType.Index, file, cancellationToken));
        }

        var keep = result.NewIndexFiles.ToHashSet();
        foreach (var id in oldIndexFiles.Where(id => !keep.Contains(id)))
        {
            await repository.Backend.RemoveAsync(new BackendFile(FileType.Index, id.ToString()), cancellationToken);
            result.RemovedIndexFiles++;
        }

        result.Packs = entries.Count;
        return result;
    }

    /// <summary>Pack → blobs, from the old index files that can still be read (damaged ones are skipped).</summary>
    private async Task<Dictionary<Id, List<PackedBlob>>> LoadReadableIndexAsync(List<Id> indexFiles, CancellationToken cancellationToken)
    {
        var known = new Dictionary<Id, List<PackedBlob>>();
        foreach (var id in indexFiles)
        {
            IndexFile file;
            try
            {
                file = await repository.LoadJsonAsync<IndexFile>(FileType.Index, id, cancellationToken);
            }
            catch (Exception ex) when (ex is RepositoryException or StorageException)
            {
                continue; // a damaged index file is what the rebuild replaces
            }

            foreach (var pack in file.Packs)
            {
                known.TryAdd(pack.Id, [.. pack.Blobs.Select(b => new PackedBlob(b.Id, b.Type == "tree" ? BlobType.Tree : BlobType.Data, b.Offset, b.Length, b.UncompressedLength))]);
            }
        }

        return known;
    }
}

/// <summary>What an index rebuild found and wrote.</summary>
public sealed class IndexRebuildResult
{
    public int Packs { get; set; }

    public long Blobs { get; set; }

    public List<Id> NewIndexFiles { get; } = [];

    public int RemovedIndexFiles { get; set; }

    public List<string> Problems { get; } = [];
}
