using System.Collections.Concurrent;
using Lifeboat.Repository.Index;
using Lifeboat.Repository.Packs;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Repository.Trees;
using Lifeboat.Storage;

namespace Lifeboat.Repository.Checking;

/// <summary>
/// Checks a repository's integrity as restic's <c>check</c> does: index files readable; every pack the
/// index names exists with the right size and a header that agrees with the index; every tree and data
/// blob a snapshot references is indexed; packs nobody indexes are reported; and, when asked, every
/// byte of the selected packs is read, decrypted and hashed. Problems are collected, not thrown.
/// </summary>
public sealed class Checker(Repository repository)
{
    private readonly ConcurrentBag<CheckProblem> _problems = [];
    private readonly ConcurrentDictionary<Id, byte> _checkedTrees = new();

    /// <summary>Called with a line describing each phase as it starts.</summary>
    public Action<string>? OnPhase { get; init; }

    /// <exception cref="StorageException">A listing failed: the check cannot say anything reliable.</exception>
    public async Task<CheckResult> CheckAsync(CheckOptions options, CancellationToken cancellationToken = default)
    {
        var result = new CheckResult();

        OnPhase?.Invoke("load indexes");
        var index = await LoadIndexAsync(cancellationToken);
        var indexed = index.BlobsByPack();

        // The snapshots' trees are walked beside the pack checks: both need only the index.
        OnPhase?.Invoke("check snapshots, trees and blobs");
        var treeWalk = Task.Run(
            async () =>
            {
                var snapshots = await repository.LoadSnapshotsAsync((id, error) => Error($"snapshots/{id}", error.Message), cancellationToken);
                foreach (var snapshot in snapshots)
                {
                    await CheckTreeAsync(index, snapshot, snapshot.Tree, "/", cancellationToken);
                }

                result.Snapshots = snapshots.Count;
            },
            cancellationToken);

        var stored = new Dictionary<Id, long>();
        try
        {
            OnPhase?.Invoke("check all packs");
            await foreach (var info in repository.Backend.ListAsync(FileType.Pack, cancellationToken))
            {
                stored[Id.Parse(info.Name)] = info.Size;
            }

            var headerChecks = new List<Id>();
            foreach (var (packId, blobs) in indexed)
            {
                if (!stored.TryGetValue(packId, out var size))
                {
                    Error(Pack(packId), "pack does not exist, but the index lists it");
                    continue;
                }

                var expected = PackReader.ExpectedSize(blobs.DistinctBy(b => (b.Offset, b.Length)).ToList());
                if (size != expected)
                {
                    Error(Pack(packId), $"pack has {size} bytes, the index expects {expected}");
                    continue;
                }

                headerChecks.Add(packId);
            }

            foreach (var packId in stored.Keys.Where(id => !indexed.ContainsKey(id)).Order())
            {
                Warning(Pack(packId), "pack is not referenced in any index (an interrupted backup leaves such packs; 'lifeboat repo prune' removes them)");
            }

            // A pack whose data is read gets its header checked from that read; the others are checked here.
            var reading = options.ReadAll || options.Bucket is not null || options.Percentage is not null;
            var toRead = reading ? options.SelectPacks(stored.Keys.Where(indexed.ContainsKey).Order().ToList()) : [];
            var headerFromRead = toRead.ToHashSet();
            headerFromRead.IntersectWith(headerChecks);
            await Parallel.ForEachAsync(headerChecks.Where(id => !headerFromRead.Contains(id)), Parallelism(cancellationToken), async (packId, ct) =>
            {
                try
                {
                    var header = await PackReader.ReadHeaderAsync(repository, packId, stored[packId], ct);
                    CompareWithIndex(packId, header, indexed[packId]);
                }
                catch (Exception ex) when (ex is RepositoryException or StorageException)
                {
                    Error(Pack(packId), ex.Message);
                }
            });

            if (reading)
            {
                OnPhase?.Invoke($"read data of {toRead.Count} of {stored.Count} packs");
                long read = 0;
                // Each reader holds a whole pack: on local disks reading is CPU-bound (hashing, decryption,
                // decompression), so one per core; remote stores get their connections' worth.
                var readers = new ParallelOptions
                {
                    MaxDegreeOfParallelism = repository.Backend.Capabilities.IsLocal ? Math.Max(2, Environment.ProcessorCount) : Parallelism(cancellationToken).MaxDegreeOfParallelism,
                    CancellationToken = cancellationToken,
                };
                await Parallel.ForEachAsync(toRead, readers, async (packId, ct) =>
                {
                    await ReadPackAsync(packId, stored[packId], indexed[packId], headerFromRead.Contains(packId), ct);
                    var done = Interlocked.Increment(ref read);
                    options.Progress?.Report((done, toRead.Count));
                });
                result.PacksRead = toRead.Count;
            }
        }
        finally
        {
            // Never leave the walk running, even when the pack checks failed.
            await treeWalk.WhenSettled();
        }

        await treeWalk;
        result.Packs = stored.Count;
        result.Trees = _checkedTrees.Count;

        result.Problems.AddRange(_problems.OrderBy(p => p.IsError ? 0 : 1).ThenBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Message, StringComparer.Ordinal));
        return result;
    }

    private async Task<MasterIndex> LoadIndexAsync(CancellationToken cancellationToken)
    {
        var index = new MasterIndex();
        var ids = await repository.ListIdsAsync(FileType.Index, cancellationToken);
        var files = new ConcurrentDictionary<Id, IndexFile>();
        await Parallel.ForEachAsync(ids, Parallelism(cancellationToken), async (id, ct) =>
        {
            try
            {
                files[id] = await repository.LoadJsonAsync<IndexFile>(FileType.Index, id, ct);
            }
            catch (Exception ex) when (ex is RepositoryException or StorageException)
            {
                Error($"index/{id}", ex.Message);
            }
        });

        var superseded = files.Values.SelectMany(f => f.Supersedes ?? []).ToHashSet();
        foreach (var (id, file) in files)
        {
            if (!superseded.Contains(id))
            {
                try
                {
                    index.AddIndexFile(file);
                }
                catch (FormatException ex)
                {
                    Error($"index/{id}", ex.Message);
                }
            }
        }

        return index;
    }

    private void CompareWithIndex(Id packId, List<PackedBlob> header, List<PackedBlob> indexed)
    {
        var inHeader = header.ToHashSet();
        foreach (var blob in indexed)
        {
            if (!inHeader.Contains(blob))
            {
                Error(Pack(packId), $"{Describe(blob)} is in the index but not in the pack's header (or differs)");
            }
        }

        var inIndex = indexed.ToHashSet();
        foreach (var blob in header.Where(b => !inIndex.Contains(b)))
        {
            Warning(Pack(packId), $"{Describe(blob)} is in the pack but in no index");
        }
    }

    private async Task CheckTreeAsync(MasterIndex index, Snapshot snapshot, Id treeId, string path, CancellationToken cancellationToken)
    {
        if (!_checkedTrees.TryAdd(treeId, 0))
        {
            return;
        }

        var where = $"snapshot {snapshot.Id.ToShortString()}, {path}";
        if (!index.TryGet(BlobType.Tree, treeId, out var packId, out var blob))
        {
            Error($"snapshots/{snapshot.Id}", $"tree {treeId} ({where}) is not in the index");
            return;
        }

        Tree tree;
        try
        {
            var encrypted = new byte[blob.Length];
            await repository.Backend.ReadAtAsync(new BackendFile(FileType.Pack, packId.ToString()), blob.Offset, encrypted, cancellationToken);
            var plaintext = new byte[blob.PlaintextLength];
            repository.DecodeBlob(encrypted, blob, packId, plaintext);
            tree = TreeCodec.Decode(plaintext);
        }
        catch (Exception ex) when (ex is RepositoryException or StorageException or FormatException)
        {
            Error(Pack(packId), $"tree {treeId} ({where}): {ex.Message}");
            return;
        }

        foreach (var node in tree.Nodes)
        {
            var nodePath = path == "/" ? "/" + node.Name : path + "/" + node.Name;
            if (node.Type == NodeType.File)
            {
                foreach (var id in node.Content ?? [])
                {
                    if (!index.Contains(BlobType.Data, id))
                    {
                        Error($"snapshots/{snapshot.Id}", $"{nodePath}: data blob {id} is not in the index");
                    }
                }
            }
            else if (node.Type == NodeType.Directory)
            {
                if (node.Subtree is { } subtree)
                {
                    await CheckTreeAsync(index, snapshot, subtree, nodePath, cancellationToken);
                }
                else
                {
                    Error($"snapshots/{snapshot.Id}", $"{nodePath}: directory without a subtree");
                }
            }
        }
    }

    /// <summary>
    /// Reads a pack (<paramref name="size"/> bytes as listed) front to back and checks everything in it:
    /// its hash against its name, its header (against the index when asked), and every blob it holds.
    /// Only a window of the pack is in memory at a time (<see cref="SequentialPackReader"/>).
    /// </summary>
    private async Task ReadPackAsync(Id packId, long size, List<PackedBlob> indexed, bool compareHeader, CancellationToken cancellationToken)
    {
        if (size > int.MaxValue)
        {
            Error(Pack(packId), $"pack is {size} bytes, larger than any pack can be");
            return;
        }

        var file = new BackendFile(FileType.Pack, packId.ToString());
        List<PackedBlob> header;
        try
        {
            header = await PackReader.ReadHeaderAsync(repository, packId, size, cancellationToken);
            if (compareHeader)
            {
                CompareWithIndex(packId, header, indexed);
            }
        }
        catch (IntegrityException ex)
        {
            Error(Pack(packId), ex.Message);
            header = indexed; // still try every blob the index knows
        }
        catch (StorageException ex)
        {
            Error(Pack(packId), ex.Message);
            return;
        }

        using var reader = new SequentialPackReader(repository.Backend, file, size);
        try
        {
            foreach (var blob in header.OrderBy(b => b.Offset))
            {
                if ((long)blob.Offset + blob.Length > size)
                {
                    Error(Pack(packId), $"{Describe(blob)} lies beyond the end of the pack");
                    continue;
                }

                if (blob.Offset < reader.Position)
                {
                    // Overlaps the blob before it (a damaged header): read on its own.
                    var alone = BlobBuffers.Rent((int)blob.Length);
                    try
                    {
                        await repository.Backend.ReadAtAsync(file, blob.Offset, alone.AsMemory(0, (int)blob.Length), cancellationToken);
                        CheckBlob(packId, blob, alone.AsSpan(0, (int)blob.Length));
                    }
                    finally
                    {
                        BlobBuffers.Return(alone);
                    }

                    continue;
                }

                var encrypted = await reader.ReadAsync(blob.Offset, (int)blob.Length, cancellationToken);
                CheckBlob(packId, blob, encrypted.Span);
            }

            if (await reader.FinishAsync(cancellationToken) != packId)
            {
                Error(Pack(packId), "pack content does not match its name (SHA-256): the file is damaged");
            }
        }
        catch (StorageException ex)
        {
            Error(Pack(packId), ex.Message);
        }
    }

    // Decrypts (in place: encrypted is used up), decompresses and hashes one blob of a pack.
    private void CheckBlob(Id packId, PackedBlob blob, Span<byte> encrypted)
    {
        try
        {
            repository.DecodeBlobInPlace(encrypted, blob, packId, out var rented);
            if (rented is not null)
            {
                BlobBuffers.Return(rented);
            }
        }
        catch (IntegrityException ex)
        {
            Error(Pack(packId), ex.Message);
        }
    }

    private ParallelOptions Parallelism(CancellationToken cancellationToken) => new()
    {
        MaxDegreeOfParallelism = Math.Max(2, Math.Min(repository.Backend.Capabilities.Connections, Environment.ProcessorCount * 2)),
        CancellationToken = cancellationToken,
    };

    private static string Pack(Id id) => $"data/{id}";

    private static string Describe(PackedBlob blob) =>
        $"{blob.Type.ToString().ToLowerInvariant()} blob {blob.Id} at offset {blob.Offset}";

    private void Error(string file, string message) => _problems.Add(new CheckProblem(file, message, IsError: true));

    private void Warning(string file, string message) => _problems.Add(new CheckProblem(file, message, IsError: false));
}
