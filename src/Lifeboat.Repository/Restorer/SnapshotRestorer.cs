using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using Lifeboat.Repository.Packs;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Repository.Trees;
using Lifeboat.Storage;

namespace Lifeboat.Repository.Restorer;

/// <summary>
/// Restores a snapshot into a directory, as <c>restic restore</c> does: every path of the snapshot is
/// recreated under the target with its content and metadata. Packs are read once each, in parallel, with
/// bounded memory; every blob is verified before a byte of it is written; files are written under a
/// temporary name and renamed into place only when complete and intact. Failures are collected per path
/// and the rest of the restore goes on.
/// </summary>
public sealed class SnapshotRestorer(Repository repository, RestoreOptions options)
{
    /// <summary>Blobs closer together than this in a pack are read in one request.</summary>
    private const int MaxGap = 256 * 1024;

    /// <summary>The largest single read from a pack (a larger blob is read alone).</summary>
    private const int MaxReadSize = 4 * 1024 * 1024;

    private readonly ConcurrentBag<RestoreError> _errors = [];
    private readonly List<FileJob> _files = [];
    private readonly List<(string Path, Node Node)> _directories = [];
    private readonly List<(string Path, string FirstPath)> _hardLinks = [];
    private readonly Dictionary<(ulong Device, ulong Inode), FileJob> _inodes = [];
    private long _filesDone;
    private long _bytesDone;
    private long _bytesTotal;
    private long _otherNodes;

    /// <summary>Restores <paramref name="snapshot"/>; the index must be loaded.</summary>
    public Task<RestoreResult> RestoreAsync(Snapshot snapshot, CancellationToken cancellationToken = default) =>
        RestoreTreeAsync(snapshot.Tree, cancellationToken);

    /// <summary>
    /// Restores the content of one tree (a snapshot's root, or any directory in it) directly into the
    /// target directory; the index must be loaded.
    /// </summary>
    public async Task<RestoreResult> RestoreTreeAsync(Id tree, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var target = Path.GetFullPath(options.Target);
        if (!Directory.Exists(target))
        {
            Directory.CreateDirectory(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await PlanTreeAsync(tree, target, string.Empty, cancellationToken);
        try
        {
            await RestoreContentAsync(cancellationToken);
        }
        finally
        {
            foreach (var file in _files)
            {
                file.Abandon();
            }
        }

        CreateHardLinks();
        foreach (var (path, node) in Enumerable.Reverse(_directories))
        {
            TryApplyMetadata(path, node);
        }

        var result = new RestoreResult
        {
            Files = _filesDone + _hardLinks.Count,
            Directories = _directories.Count,
            OtherNodes = _otherNodes,
            Bytes = _bytesDone,
            Duration = stopwatch.Elapsed,
        };
        result.Errors.AddRange(_errors.OrderBy(e => e.Path, StringComparer.Ordinal));
        return result;
    }

    /// <summary>Plans the restore of one tree; true when anything in it is selected for restoring.</summary>
    private async Task<bool> PlanTreeAsync(Id treeId, string directory, string snapshotPath, CancellationToken cancellationToken)
    {
        Tree tree;
        try
        {
            tree = await repository.LoadTreeAsync(treeId, cancellationToken);
        }
        catch (RepositoryException ex)
        {
            _errors.Add(new RestoreError(snapshotPath.Length == 0 ? "/" : snapshotPath, ex.Message));
            return false;
        }

        var anySelected = false;
        foreach (var node in tree.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsSafeName(node.Name))
            {
                _errors.Add(new RestoreError(snapshotPath + "/" + node.Name, "unsafe file name in snapshot; skipped"));
                continue;
            }

            var itemPath = snapshotPath + "/" + node.Name;
            var path = Path.Combine(directory, node.Name);
            var (selected, descend) = Select(itemPath, node);
            anySelected |= selected;

            if (node.Type == NodeType.Directory)
            {
                var position = _directories.Count;
                if (selected)
                {
                    CreateDirectory(path, node);
                }

                if (descend && node.Subtree is { } subtree && await PlanTreeAsync(subtree, path, itemPath, cancellationToken))
                {
                    anySelected = true;
                    if (!selected)
                    {
                        // Not selected itself, but something below it is: restic creates it and restores
                        // its metadata too. Before its children, as their metadata is applied first.
                        var count = _directories.Count;
                        CreateDirectory(path, node);
                        if (_directories.Count > count)
                        {
                            var added = _directories[^1];
                            _directories.RemoveAt(_directories.Count - 1);
                            _directories.Insert(position, added);
                        }
                    }
                }

                continue;
            }

            if (!selected)
            {
                continue;
            }

            switch (node.Type)
            {
                case NodeType.File:
                    PlanFile(path, node);
                    break;
                case NodeType.Symlink:
                case NodeType.BlockDevice:
                case NodeType.CharDevice:
                case NodeType.Fifo:
                    CreateSpecial(path, node);
                    break;
                case NodeType.Socket:
                    break; // restic does not recreate sockets
                default:
                    _errors.Add(new RestoreError(path, $"unknown node type '{node.Type}'"));
                    break;
            }
        }

        return anySelected;
    }

    private (bool Selected, bool Descend) Select(string itemPath, Node node)
    {
        var isDirectory = node.Type == NodeType.Directory;
        if (options.Exclude is { IsEmpty: false } exclude)
        {
            var excluded = exclude.Matches(itemPath);
            return (!excluded, !excluded && isDirectory);
        }

        if (options.Include is { IsEmpty: false } include)
        {
            var (matched, childMayMatch) = include.MatchesWithChild(itemPath);
            return (matched, childMayMatch && isDirectory);
        }

        return (true, isDirectory);
    }

    private void CreateDirectory(string path, Node node)
    {
        try
        {
            EnsureParent(path);
            if (!Directory.Exists(path))
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            _directories.Add((path, node));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _errors.Add(new RestoreError(path, ex.Message));
        }
    }

    private void PlanFile(string path, Node node)
    {
        if (node.Links > 1)
        {
            var key = (node.DeviceId, node.Inode);
            if (_inodes.TryGetValue(key, out var first))
            {
                _hardLinks.Add((path, first.Path));
                return;
            }
        }

        var content = node.Content ?? [];
        var job = new FileJob(path, node, content.Count);
        long offset = 0;
        foreach (var blobId in content)
        {
            if (!repository.Index.TryGet(BlobType.Data, blobId, out var packId, out var blob))
            {
                job.Fail($"data blob {blobId} is not in the index");
                break;
            }

            job.Blobs.Add(new BlobPlacement(packId, blob, offset));
            offset += blob.PlaintextLength;
        }

        job.Size = offset; // what the content says, as restic writes it

        if (job.Failed)
        {
            _errors.Add(new RestoreError(path, job.FailureReason!));
            return;
        }

        _files.Add(job);
        _bytesTotal += job.Size;
        if (node.Links > 1)
        {
            _inodes[(node.DeviceId, node.Inode)] = job;
        }
    }

    private void CreateSpecial(string path, Node node)
    {
        var temp = TempName(path);
        try
        {
            EnsureParent(path);
            switch (node.Type)
            {
                case NodeType.Symlink:
                    File.CreateSymbolicLink(temp, node.LinkTarget ?? string.Empty);
                    break;
                case NodeType.BlockDevice:
                    Platform.Posix.MkNod(temp, 0x6000 | 0x180, node.Device);
                    break;
                case NodeType.CharDevice:
                    Platform.Posix.MkNod(temp, 0x2000 | 0x180, node.Device);
                    break;
                case NodeType.Fifo:
                    Platform.Posix.MkNod(temp, 0x1000 | 0x180, 0);
                    break;
            }

            NodeMetadata.Apply(temp, node, options.RestoreOwnership);
            Platform.Posix.Rename(temp, path);
            _otherNodes++;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            _errors.Add(new RestoreError(path, ex.Message));
        }
    }

    private async Task RestoreContentAsync(CancellationToken cancellationToken)
    {
        // Empty files need no pack; finish them now.
        foreach (var file in _files.Where(f => f.Blobs.Count == 0))
        {
            try
            {
                file.Open();
                Complete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                FailFile(file, ex.Message);
            }
        }

        // Group the blobs by pack, packs ordered by the first file that needs them.
        var packs = new Dictionary<Id, List<(FileJob File, BlobPlacement Placement)>>();
        var order = new List<Id>();
        foreach (var file in _files)
        {
            foreach (var placement in file.Blobs)
            {
                if (!packs.TryGetValue(placement.Pack, out var list))
                {
                    packs[placement.Pack] = list = [];
                    order.Add(placement.Pack);
                }

                list.Add((file, placement));
            }
        }

        await Parallel.ForEachAsync(
            order,
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (packId, ct) => await RestorePackAsync(packId, packs[packId], ct));
    }

    private async Task RestorePackAsync(Id packId, List<(FileJob File, BlobPlacement Placement)> targets, CancellationToken cancellationToken)
    {
        targets.Sort(static (a, b) => a.Placement.Blob.Offset.CompareTo(b.Placement.Blob.Offset));
        var file = new BackendFile(FileType.Pack, packId.ToString());
        var start = 0;
        while (start < targets.Count)
        {
            // One read covers neighbouring blobs of this pack, up to MaxReadSize.
            var rangeStart = targets[start].Placement.Blob.Offset;
            var end = start;
            var rangeEnd = rangeStart + targets[start].Placement.Blob.Length;
            while (end + 1 < targets.Count)
            {
                var next = targets[end + 1].Placement.Blob;
                var nextEnd = Math.Max(rangeEnd, next.Offset + next.Length);
                if (next.Offset > rangeEnd + MaxGap || nextEnd - rangeStart > MaxReadSize)
                {
                    break;
                }

                rangeEnd = nextEnd;
                end++;
            }

            await RestoreRangeAsync(file, packId, targets, start, end, rangeStart, (int)(rangeEnd - rangeStart), cancellationToken);
            start = end + 1;
        }
    }

    private async Task RestoreRangeAsync(
        BackendFile file, Id packId, List<(FileJob File, BlobPlacement Placement)> targets,
        int first, int last, uint rangeStart, int rangeLength, CancellationToken cancellationToken)
    {
        var buffer = BlobBuffers.Rent(rangeLength);
        try
        {
            try
            {
                await repository.Backend.ReadAtAsync(file, rangeStart, buffer.AsMemory(0, rangeLength), cancellationToken);
            }
            catch (StorageException ex)
            {
                for (var i = first; i <= last; i++)
                {
                    FailFile(targets[i].File, $"cannot read pack {packId}: {ex.Message}");
                }

                return;
            }

            var i2 = first;
            while (i2 <= last)
            {
                // An uncompressed blob is decrypted where it was read; only a compressed one needs a
                // buffer for its plaintext. Either way the range buffer's bytes of this blob are used up.
                var blob = targets[i2].Placement.Blob;
                byte[]? rented = null;
                try
                {
                    var plaintext = Span<byte>.Empty;
                    var decoded = true;
                    try
                    {
                        plaintext = repository.DecodeBlobInPlace(buffer.AsSpan((int)(blob.Offset - rangeStart), (int)blob.Length), blob, packId, out rented);
                    }
                    catch (IntegrityException ex)
                    {
                        decoded = false;
                        for (var k = i2; k <= last && targets[k].Placement.Blob.Offset == blob.Offset; k++)
                        {
                            FailFile(targets[k].File, ex.Message);
                        }
                    }

                    // The same blob may be wanted by several files (or several places in one file).
                    for (; i2 <= last && targets[i2].Placement.Blob.Offset == blob.Offset; i2++)
                    {
                        if (decoded)
                        {
                            Write(targets[i2].File, targets[i2].Placement.FileOffset, plaintext);
                        }
                    }
                }
                finally
                {
                    if (rented is not null)
                    {
                        BlobBuffers.Return(rented);
                    }
                }
            }
        }
        finally
        {
            BlobBuffers.Return(buffer);
        }
    }

    private void Write(FileJob file, long offset, ReadOnlySpan<byte> data)
    {
        if (file.Failed)
        {
            return;
        }

        try
        {
            file.Write(offset, data);
            Interlocked.Add(ref _bytesDone, data.Length);
            if (file.BlobDone())
            {
                Complete(file);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            FailFile(file, ex.Message);
        }
    }

    private void Complete(FileJob file)
    {
        file.Finish(options.RestoreOwnership);
        var done = Interlocked.Increment(ref _filesDone);
        options.Progress?.Report(new RestoreProgress(done, _files.Count, Interlocked.Read(ref _bytesDone), _bytesTotal, file.Path));
    }

    private void FailFile(FileJob file, string reason)
    {
        if (file.Fail(reason))
        {
            _errors.Add(new RestoreError(file.Path, reason));
        }
    }

    private void CreateHardLinks()
    {
        foreach (var (path, firstPath) in _hardLinks)
        {
            try
            {
                if (!File.Exists(firstPath))
                {
                    throw new IOException($"its first link {firstPath} was not restored");
                }

                var temp = TempName(path);
                Platform.Posix.Link(firstPath, temp);
                Platform.Posix.Rename(temp, path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _errors.Add(new RestoreError(path, ex.Message));
            }
        }
    }

    private void TryApplyMetadata(string path, Node node)
    {
        try
        {
            NodeMetadata.Apply(path, node, options.RestoreOwnership);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _errors.Add(new RestoreError(path, ex.Message));
        }
    }

    private static void EnsureParent(string path)
    {
        var parent = Path.GetDirectoryName(path);
        if (parent is not null && !Directory.Exists(parent))
        {
            Directory.CreateDirectory(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>A hidden name beside <paramref name="path"/> for writing before the rename into place.</summary>
    internal static string TempName(string path)
    {
        var name = Path.GetFileName(path);
        var suffix = $".lifeboat-{Guid.NewGuid():N}";
        var temp = System.Text.Encoding.UTF8.GetByteCount(name) + suffix.Length + 1 <= 255 ? $".{name}{suffix}" : suffix;
        return Path.Combine(Path.GetDirectoryName(path)!, temp);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // best effort
        }
    }

    private static bool IsSafeName(string name) =>
        name.Length > 0 && name != "." && name != ".." && !name.Contains('/', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);
}
