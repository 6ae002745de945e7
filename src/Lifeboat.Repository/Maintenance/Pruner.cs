using Lifeboat.Repository.Index;
using Lifeboat.Repository.Locks;
using Lifeboat.Repository.Packs;
using Lifeboat.Repository.Trees;
using Lifeboat.Storage;

namespace Lifeboat.Repository.Maintenance;

/// <summary>
/// Removes data no snapshot references, as restic's <c>prune</c> does: packs with no used blob are
/// deleted, partly used packs (and small ones) are repacked, and the index is rewritten. The order of
/// writes keeps the repository valid at every moment: new packs, then the new index, then the old index
/// files are deleted, then the old packs. Any listing or read that fails stops the prune before it
/// deletes anything. The caller holds an exclusive lock.
/// </summary>
public sealed class Pruner(Repository repository)
{
    /// <summary>A lock this much older than a pack still protects it (clock skew between hosts).</summary>
    private static readonly TimeSpan ProtectionMargin = TimeSpan.FromMinutes(10);

    public Action<string>? OnPhase { get; init; }

    /// <summary>How long a staged file must be untouched before prune removes it.</summary>
    public static TimeSpan AbandonedStagingAge { get; } = TimeSpan.FromDays(1);

    /// <exception cref="RepositoryException">A snapshot, tree or used blob cannot be read: nothing was changed.</exception>
    public async Task<PrunePlan> PruneAsync(PruneOptions options, CancellationToken cancellationToken = default) =>
        await PruneAsync(await ReadAsync(options, cancellationToken), options, cancellationToken);

    /// <summary>
    /// The read-only first half of a prune: index files, the packs stored, and the blobs the snapshots
    /// use. It changes nothing, so it may run while the exclusive lock settles; what it read is valid
    /// once that lock is confirmed (a writer racing with it would have made the confirmation fail).
    /// </summary>
    /// <exception cref="RepositoryException">A listing or a tree cannot be read, or there are no snapshots (unless allowed).</exception>
    public async Task<PruneState> ReadAsync(PruneOptions options, CancellationToken cancellationToken = default)
    {
        OnPhase?.Invoke("loading indexes");
        var indexFiles = await repository.ListIdsAsync(FileType.Index, cancellationToken);
        var loaded = new IndexFile[indexFiles.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, indexFiles.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (i, ct) => loaded[i] = await repository.LoadJsonAsync<IndexFile>(FileType.Index, indexFiles[i], ct));
        var index = new MasterIndex();
        foreach (var file in loaded)
        {
            index.AddIndexFile(file);
        }

        var stored = new Dictionary<Id, BackendFileInfo>();
        await foreach (var info in repository.Backend.ListAsync(FileType.Pack, cancellationToken))
        {
            stored[Id.Parse(info.Name)] = info;
        }

        OnPhase?.Invoke("finding data that is still used");
        var used = await FindUsedBlobsAsync(index, stored.Count > 0 && !options.AllowRemoveAll, cancellationToken);
        return new PruneState(indexFiles, index, stored, used);
    }

    /// <summary>Plans and (unless a dry run) carries out a prune from what <see cref="ReadAsync"/> read, under the confirmed exclusive lock.</summary>
    public async Task<PrunePlan> PruneAsync(PruneState state, PruneOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (indexFiles, index, stored, used) = (state.IndexFiles, state.Index, state.Stored, state.Used);
        var protectedSince = await ProtectedSinceAsync(options, cancellationToken);

        var plan = Plan(index, stored, used, protectedSince, options);
        if (!options.DryRun)
        {
            // Staged packs of backups killed mid-way. A day untouched: a backup that was only suspended
            // that long could not commit anyway (its lock went stale).
            plan.StagedFilesRemoved = await repository.Backend.RemoveAbandonedStagedFilesAsync(AbandonedStagingAge, cancellationToken);
        }

        if (options.DryRun || (plan.PacksToDelete.Count == 0 && plan.PacksToRepack.Count == 0 && plan.MissingUnusedPacks.Count == 0))
        {
            return plan;
        }

        OnPhase?.Invoke($"repacking {plan.PacksToRepack.Count} packs");
        var keptIndex = new IndexFile();
        var byPack = index.BlobsByPack();
        await using (var writer = new RepositoryWriter(repository, packSize: options.PackSize))
        {
            foreach (var packId in plan.PacksToRepack)
            {
                await RepackAsync(writer, packId, byPack[packId], plan.KeepFrom[packId], cancellationToken);
            }

            await writer.FlushAsync(cancellationToken);
            plan.NewPacks = writer.Packs.Count;
            plan.NewIndexFiles.AddRange(writer.IndexFiles);
        }

        OnPhase?.Invoke("rewriting the index");
        var dropped = plan.PacksToDelete.Concat(plan.PacksToRepack).Concat(plan.MissingUnusedPacks).ToHashSet();
        var pending = new List<IndexPack>();
        var pendingBlobs = 0;
        foreach (var (packId, blobs) in byPack.OrderBy(p => p.Key))
        {
            if (dropped.Contains(packId))
            {
                continue;
            }

            pending.Add(new IndexPack
            {
                Id = packId,
                Blobs = blobs.Select(b => new IndexBlob
                {
                    Id = b.Id,
                    Type = b.Type == BlobType.Tree ? "tree" : "data",
                    Offset = b.Offset,
                    Length = b.Length,
                    UncompressedLength = b.UncompressedLength,
                }).ToList(),
            });
            pendingBlobs += blobs.Count;
            if (pendingBlobs >= 40_000)
            {
                plan.NewIndexFiles.Add(await repository.SaveJsonAsync(FileType.Index, new IndexFile { Packs = pending }, cancellationToken));
                pending = [];
                pendingBlobs = 0;
            }
        }

        if (pending.Count > 0)
        {
            plan.NewIndexFiles.Add(await repository.SaveJsonAsync(FileType.Index, new IndexFile { Packs = pending }, cancellationToken));
        }

        OnPhase?.Invoke("removing old index files");
        var keep = plan.NewIndexFiles.ToHashSet();
        // Every old index file goes before any pack: an index never lists a pack that is gone.
        foreach (var id in indexFiles.Where(id => !keep.Contains(id)))
        {
            await repository.Backend.RemoveAsync(new BackendFile(FileType.Index, id.ToString()), cancellationToken);
        }

        OnPhase?.Invoke($"deleting {plan.PacksToDelete.Count + plan.PacksToRepack.Count} packs");
        await Parallel.ForEachAsync(
            plan.PacksToDelete.Concat(plan.PacksToRepack),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (packId, ct) => await repository.Backend.RemoveAsync(new BackendFile(FileType.Pack, packId.ToString()), ct));

        plan.Done = true;
        return plan;
    }

    private async Task<HashSet<(BlobType, Id)>> FindUsedBlobsAsync(MasterIndex index, bool refuseIfNone, CancellationToken cancellationToken)
    {
        var used = new HashSet<(BlobType, Id)>();
        var snapshots = await repository.LoadSnapshotsAsync(null, cancellationToken);
        if (snapshots.Count == 0 && refuseIfNone)
        {
            // A repository whose snapshots vanished (a lost directory, a bad sync) looks exactly like
            // one whose snapshots were all forgotten: never delete everything on that evidence alone.
            throw new RepositoryException("the repository has no snapshots, so a prune would remove all its data; refusing")
            {
                Hint = "if every snapshot was forgotten on purpose, run 'lifeboat repo prune --unsafe-allow-remove-all'",
            };
        }

        // Breadth first, the trees of one level read in parallel: reading and decoding them is the
        // cost, and each level's trees are independent.
        var frontier = new List<(Id Tree, string Snapshot)>();
        foreach (var snapshot in snapshots)
        {
            if (used.Add((BlobType.Tree, snapshot.Tree)))
            {
                frontier.Add((snapshot.Tree, snapshot.Id.ToShortString()));
            }
        }

        var readers = new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken };
        while (frontier.Count > 0)
        {
            var next = new List<(Id Tree, string Snapshot)>();
            await Parallel.ForEachAsync(frontier, readers, async (item, ct) =>
            {
                var tree = await ReadTreeAsync(index, item.Tree, item.Snapshot, ct);
                lock (used)
                {
                    foreach (var node in tree.Nodes)
                    {
                        foreach (var id in node.Content ?? [])
                        {
                            used.Add((BlobType.Data, id));
                        }

                        if (node.Subtree is { } subtree && used.Add((BlobType.Tree, subtree)))
                        {
                            next.Add((subtree, item.Snapshot));
                        }
                    }
                }
            });
            frontier = next;
        }

        return used;
    }

    private int ReadParallelism => Math.Max(2, Math.Min(repository.Backend.Capabilities.Connections, Environment.ProcessorCount * 2));

    private async Task<Tree> ReadTreeAsync(MasterIndex index, Id treeId, string snapshot, CancellationToken cancellationToken)
    {
        if (!index.TryGet(BlobType.Tree, treeId, out var packId, out var blob))
        {
            throw new RepositoryException($"tree {treeId} of snapshot {snapshot} is not in the index; refusing to prune")
            {
                Hint = "run 'lifeboat repo check'; 'lifeboat repo repair index' rebuilds a damaged index",
            };
        }

        try
        {
            var encrypted = new byte[blob.Length];
            await repository.Backend.ReadAtAsync(new BackendFile(FileType.Pack, packId.ToString()), blob.Offset, encrypted, cancellationToken);
            var plaintext = new byte[blob.PlaintextLength];
            repository.DecodeBlob(encrypted, blob, packId, plaintext);
            return TreeCodec.Decode(plaintext);
        }
        catch (Exception ex) when (ex is FormatException or StorageException or IntegrityException)
        {
            throw new RepositoryException($"cannot read tree {treeId} of snapshot {snapshot}: {ex.Message}; refusing to prune", ex);
        }
    }

    /// <summary>
    /// Packs written after the oldest stale lock of another process may belong to a backup that is still
    /// running (a suspended machine whose lock expired): they are neither deleted nor repacked. Only
    /// shared locks count: backups and copies take them. An exclusive lock (ours, or a killed prune's)
    /// belongs to no writer whose packs a later snapshot could need, and counting it would keep a
    /// killed prune's left-overs for as long as its stale lock stays.
    /// </summary>
    private async Task<DateTimeOffset?> ProtectedSinceAsync(PruneOptions options, CancellationToken cancellationToken)
    {
        var locks = await RepositoryLock.ListAsync(repository, cancellationToken);
        var writers = locks.Where(l => !l.Exclusive).ToList();
        return writers.Count == 0 ? null : writers.Min(l => l.Time.Value) - ProtectionMargin;
    }

    private static PrunePlan Plan(
        MasterIndex index,
        Dictionary<Id, BackendFileInfo> stored,
        HashSet<(BlobType, Id)> used,
        DateTimeOffset? protectedSince,
        PruneOptions options)
    {
        var plan = new PrunePlan();
        var claimed = new HashSet<(BlobType, Id)>();
        var candidates = new List<(Id Pack, long Unused, long Size)>();
        var smallPacks = new List<(Id Pack, BlobType Type)>();

        foreach (var (packId, blobs) in index.BlobsByPack().OrderBy(p => p.Key))
        {
            var keep = new HashSet<(BlobType, Id, uint)>();
            long usedBytes = 0, unusedBytes = 0;
            foreach (var blob in blobs)
            {
                if (used.Contains((blob.Type, blob.Id)) && claimed.Add((blob.Type, blob.Id)))
                {
                    keep.Add((blob.Type, blob.Id, blob.Offset));
                    usedBytes += blob.Length;
                    plan.UsedBlobs++;
                }
                else
                {
                    unusedBytes += blob.Length;
                    plan.UnusedBlobs++;
                }
            }

            if (!stored.TryGetValue(packId, out var info))
            {
                if (keep.Count > 0)
                {
                    throw new RepositoryException($"pack {packId} holds used data but is missing from the repository; refusing to prune")
                    {
                        Hint = "run 'lifeboat repo check' to see the damage",
                    };
                }

                plan.MissingUnusedPacks.Add(packId);
                continue;
            }

            plan.TotalBytes += info.Size;
            var isProtected = protectedSince is { } since && (info.Modified is not { } modified || modified >= since);
            plan.KeepFrom[packId] = keep;
            if (isProtected && unusedBytes > 0)
            {
                plan.ProtectedPacks.Add(packId);
                plan.UnusedBytesAfter += unusedBytes;
                continue;
            }

            if (keep.Count == 0)
            {
                plan.PacksToDelete.Add(packId);
                plan.BytesFreed += info.Size;
            }
            else if (unusedBytes > 0)
            {
                candidates.Add((packId, unusedBytes, info.Size));
            }
            else if (info.Size < options.PackSize / 10)
            {
                smallPacks.Add((packId, blobs[0].Type));
            }
        }

        // Packs nobody indexes are left-overs of interrupted backups.
        foreach (var (packId, info) in stored)
        {
            if (!plan.KeepFrom.ContainsKey(packId) && !plan.MissingUnusedPacks.Contains(packId))
            {
                if (protectedSince is { } since && (info.Modified is not { } modified || modified >= since))
                {
                    plan.ProtectedPacks.Add(packId);
                    continue;
                }

                plan.PacksToDelete.Add(packId);
                plan.UnreferencedPacks++;
                plan.BytesFreed += info.Size;
                plan.TotalBytes += info.Size;
            }
        }

        // Repack the most wasteful packs until what stays unused is within --max-unused.
        var usedTotal = plan.TotalBytes - plan.BytesFreed - candidates.Sum(c => c.Unused);
        var allowed = options.MaxUnused.AllowedFor(usedTotal);
        var unusedLeft = candidates.Sum(c => c.Unused);
        foreach (var candidate in candidates.OrderByDescending(c => (double)c.Unused / c.Size))
        {
            if (unusedLeft <= allowed)
            {
                break;
            }

            plan.PacksToRepack.Add(candidate.Pack);
            unusedLeft -= candidate.Unused;
            plan.BytesFreed += candidate.Unused;
        }

        plan.UnusedBytesAfter += unusedLeft;

        // Small packs of one type are merged when there are several.
        foreach (var group in smallPacks.GroupBy(p => p.Type).Where(g => g.Count() > 1))
        {
            plan.PacksToRepack.AddRange(group.Select(g => g.Pack));
        }

        return plan;
    }

    private async Task RepackAsync(RepositoryWriter writer, Id packId, List<PackedBlob> blobs, HashSet<(BlobType, Id, uint)> keep, CancellationToken cancellationToken)
    {
        var file = new BackendFile(FileType.Pack, packId.ToString());
        var size = await repository.Backend.StatAsync(file, cancellationToken);
        if (size > int.MaxValue)
        {
            throw new IntegrityException($"pack {packId} is {size} bytes, larger than any pack can be; refusing to prune");
        }

        var data = BlobBuffers.Rent((int)size);
        try
        {
            await repository.Backend.ReadAtAsync(file, 0, data.AsMemory(0, (int)size), cancellationToken);
            foreach (var blob in blobs)
            {
                if (!keep.Contains((blob.Type, blob.Id, blob.Offset)))
                {
                    continue;
                }

                if ((long)blob.Offset + blob.Length > size)
                {
                    throw new IntegrityException($"pack {packId} is shorter than its index says; refusing to prune");
                }

                var encrypted = data.AsMemory((int)blob.Offset, (int)blob.Length);
                var plaintext = BlobBuffers.Rent((int)blob.PlaintextLength);
                try
                {
                    repository.DecodeBlob(encrypted.Span, blob, packId, plaintext.AsSpan(0, (int)blob.PlaintextLength)); // throws on damage: nothing is deleted then
                }
                finally
                {
                    BlobBuffers.Return(plaintext);
                }

                await writer.AddEncryptedBlobAsync(blob.Type, blob.Id, encrypted, blob.UncompressedLength, cancellationToken);
            }
        }
        finally
        {
            BlobBuffers.Return(data);
        }
    }
}

/// <summary>What the read-only first half of a prune found (see <see cref="Pruner.ReadAsync"/>).</summary>
public sealed record PruneState(IReadOnlyList<Id> IndexFiles, MasterIndex Index, Dictionary<Id, BackendFileInfo> Stored, HashSet<(BlobType, Id)> Used);
