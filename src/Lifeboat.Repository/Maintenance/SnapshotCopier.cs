using Lifeboat.Repository.Snapshots;
using Lifeboat.Repository.Trees;
using Lifeboat.Storage;

namespace Lifeboat.Repository.Maintenance;

/// <summary>
/// Copies snapshots between repositories (for off-site 3-2-1 copies): every tree and data blob the
/// destination lacks is read and verified in the source, re-encrypted with the destination's key and
/// stored; then the snapshot is written with <c>original</c> pointing at the source snapshot. A
/// snapshot the destination already has (same time, tree, host, user, paths and tags) is skipped.
/// Both indexes must be loaded; the caller holds a shared lock on each.
/// </summary>
public sealed class SnapshotCopier(Repository source, Repository destination)
{
    public Action<string>? OnSnapshot { get; init; }

    public async Task<CopyResult> CopyAsync(IReadOnlyList<Snapshot> snapshots, CancellationToken cancellationToken = default)
    {
        var result = new CopyResult();
        var existing = await destination.LoadSnapshotsAsync(null, cancellationToken);
        await using var writer = new RepositoryWriter(destination);
        var copied = new List<Snapshot>();
        try
        {
            foreach (var snapshot in snapshots)
            {
                if (existing.Any(e => IsSame(e, snapshot)))
                {
                    OnSnapshot?.Invoke($"skipping snapshot {snapshot.Id.ToShortString()}: already in the destination");
                    result.Skipped++;
                    continue;
                }

                OnSnapshot?.Invoke($"copying snapshot {snapshot.Id.ToShortString()} of [{string.Join(", ", snapshot.Paths)}] at {snapshot.Time}");
                await CopyTreeAsync(writer, snapshot.Tree, result, cancellationToken);
                copied.Add(snapshot);
            }

            await writer.FlushAsync(cancellationToken);
        }
        catch
        {
            await writer.AbandonAsync();
            throw;
        }

        // Snapshots last: each one commits data that is now stored and indexed.
        foreach (var snapshot in copied)
        {
            var copy = new Snapshot
            {
                Time = snapshot.Time,
                Parent = snapshot.Parent,
                Tree = snapshot.Tree,
                Paths = snapshot.Paths,
                Hostname = snapshot.Hostname,
                Username = snapshot.Username,
                Uid = snapshot.Uid,
                Gid = snapshot.Gid,
                Excludes = snapshot.Excludes,
                Tags = snapshot.Tags,
                Original = snapshot.Original ?? snapshot.Id,
                ProgramVersion = snapshot.ProgramVersion,
                Extra = snapshot.Extra,
            };
            var id = await destination.SaveJsonAsync(FileType.Snapshot, copy, cancellationToken);
            result.Copied.Add((snapshot.Id, id));
        }

        result.BlobsCopied = writer.DataBlobs + writer.TreeBlobs;
        result.BytesStored = writer.BytesStored;
        return result;
    }

    private async Task CopyTreeAsync(RepositoryWriter writer, Id treeId, CopyResult result, CancellationToken cancellationToken)
    {
        var plaintext = await source.LoadBlobAsync(BlobType.Tree, treeId, cancellationToken);
        var tree = TreeCodec.Decode(plaintext);
        foreach (var node in tree.Nodes)
        {
            if (node.Type == NodeType.Directory && node.Subtree is { } subtree)
            {
                await CopyTreeAsync(writer, subtree, result, cancellationToken);
            }
            else if (node.Content is { Count: > 0 } content)
            {
                await Parallel.ForEachAsync(
                    content.Distinct().Where(id => writer.TryClaim(BlobType.Data, id)),
                    new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                    async (id, ct) => await writer.SaveBlobAsync(BlobType.Data, id, await source.LoadBlobAsync(BlobType.Data, id, ct), ct));
            }
        }

        // The tree after its children: a crash never leaves a tree whose content is missing.
        await writer.AddBlobAsync(BlobType.Tree, treeId, plaintext, cancellationToken);
    }

    private static bool IsSame(Snapshot a, Snapshot b) =>
        a.Time.UnixNanoseconds == b.Time.UnixNanoseconds
        && a.Tree == b.Tree
        && a.Hostname == b.Hostname
        && a.Username == b.Username
        && a.Paths.Order(StringComparer.Ordinal).SequenceEqual(b.Paths.Order(StringComparer.Ordinal))
        && (a.Tags ?? []).Order(StringComparer.Ordinal).SequenceEqual((b.Tags ?? []).Order(StringComparer.Ordinal));
}

/// <summary>What a copy did.</summary>
public sealed class CopyResult
{
    /// <summary>(source id, destination id) of each copied snapshot.</summary>
    public List<(Id Source, Id Destination)> Copied { get; } = [];

    public int Skipped { get; set; }

    public long BlobsCopied { get; set; }

    public long BytesStored { get; set; }
}
