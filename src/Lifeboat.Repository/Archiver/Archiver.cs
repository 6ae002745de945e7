using Lifeboat.Repository.Chunking;
using Lifeboat.Repository.Filtering;
using Lifeboat.Repository.Platform;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Repository.Trees;
using Lifeboat.Storage;

namespace Lifeboat.Repository.Archiver;

/// <summary>
/// Creates a snapshot: walks the items (directories, files, streams), reuses the content of files the
/// parent snapshot already has unchanged, stores new data through <see cref="FileSaver"/>, builds the
/// trees bottom-up, and commits in restic's order: packs, then index, then the snapshot.
/// </summary>
public sealed class Archiver(Repository repository, BackupOptions options)
{
    /// <summary>Sibling directories walked at once, per directory.</summary>
    private const int DirectoriesInFlight = 4;

    private readonly Lock _statsLock = new();
    private readonly BackupSummary _summary = new();
    private long _startNanoseconds;
    private ResticTime _now;
    private RepositoryWriter _writer = null!;
    private FileSaver _saver = null!;
    private SemaphoreSlim _fileSlots = null!;
    private long _filesDone;
    private long _bytesDone;
    private long _filesTotal;
    private long _bytesTotal;

    /// <summary>Backs up <paramref name="items"/> into one new snapshot.</summary>
    /// <exception cref="LifeboatException">The backup failed; no snapshot was made.</exception>
    public async Task<BackupSummary> BackupAsync(IReadOnlyList<BackupItem> items, CancellationToken cancellationToken = default)
    {
        if (items.Count == 0)
        {
            throw new UsageException("nothing to back up");
        }

        var backupStart = new ResticTime(options.Clock.GetLocalNow());
        var started = options.Clock.GetTimestamp();
        var now = options.Clock.GetUtcNow();
        _startNanoseconds = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        _now = NodeFactory.ToTime(_startNanoseconds);

        var root = BuildVirtualTree(items);

        // Files waiting to be read are bounded: the walk does not race ahead and hold the whole tree in memory.
        using var fileSlots = _fileSlots = new SemaphoreSlim(Math.Max(8, options.Readers * 16));
        var parentTree = options.Parent?.Tree;

        await using var writer = _writer = new RepositoryWriter(repository, options.Compression) { DryRun = options.DryRun };
        await using var saver = _saver = new FileSaver(writer, Polynomial.Parse(repository.Config.ChunkerPolynomial), options.Readers, options.Encoders, cancellationToken)
        {
            OnRead = n => Interlocked.Add(ref _bytesDone, n),
        };

        using var scan = options.Progress is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scanner = scan is null ? Task.CompletedTask : Task.Run(() => ScanTotals(items, scan.Token), scan.Token);

        Id rootTree;
        try
        {
            rootTree = root.RootPath is { } rootPath
                ? (await SaveDirectoryAsync(rootPath, NodeFactory.VirtualDirectory("/", _now), parentTree, cancellationToken)).Subtree!.Value
                : await SaveVirtualAsync(root, parentTree, cancellationToken);
            await saver.CompleteAsync();
            if (!options.DryRun)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }
        catch (Exception)
        {
            await writer.AbandonAsync();
            throw;
        }
        finally
        {
            scan?.Cancel();
            try
            {
                await scanner;
            }
            catch (OperationCanceledException)
            {
                // the scan only feeds the progress display
            }
        }

        var snapshot = new Snapshot
        {
            Time = new ResticTime(options.Time ?? options.Clock.GetLocalNow()),
            Tree = rootTree,
            Paths = options.SnapshotPaths.ToList(), // in the order given, as restic records them
            Hostname = options.Hostname,
            Username = Environment.UserName,
            Uid = Posix.EffectiveUserId,
            Gid = Posix.EffectiveGroupId,
            Excludes = options.ExcludePatterns.Count > 0 ? options.ExcludePatterns.ToList() : null,
            Tags = options.Tags.Count > 0 ? options.Tags.ToList() : null,
            Parent = options.Parent?.Id,
            ProgramVersion = "lifeboat " + typeof(Archiver).Assembly.GetName().Version?.ToString(3),
            Summary = new SnapshotSummary
            {
                BackupStart = backupStart,
                BackupEnd = new ResticTime(options.Clock.GetLocalNow()),
                FilesNew = _summary.FilesNew,
                FilesChanged = _summary.FilesChanged,
                FilesUnmodified = _summary.FilesUnmodified,
                DirsNew = _summary.DirsNew,
                DirsChanged = _summary.DirsChanged,
                DirsUnmodified = _summary.DirsUnmodified,
                DataBlobs = writer.DataBlobs,
                TreeBlobs = writer.TreeBlobs,
                DataAdded = writer.PlaintextBytesAdded,
                DataAddedPacked = writer.BytesStored,
                TotalFilesProcessed = _summary.TotalFilesProcessed,
                TotalBytesProcessed = _summary.TotalBytesProcessed,
            },
        };

        if (!options.DryRun)
        {
            if (options.BeforeCommit is { } beforeCommit)
            {
                await beforeCommit(cancellationToken);
            }

            snapshot.Id = await repository.SaveJsonAsync(FileType.Snapshot, snapshot, cancellationToken);
            _summary.SnapshotId = snapshot.Id;
        }

        _summary.ParentId = options.Parent?.Id;
        _summary.DataBlobs = writer.DataBlobs;
        _summary.TreeBlobs = writer.TreeBlobs;
        _summary.DataAdded = writer.PlaintextBytesAdded;
        _summary.DataAddedPacked = writer.BytesStored;
        _summary.BytesRead = saver.BytesRead;
        _summary.Duration = options.Clock.GetElapsedTime(started);
        return _summary;
    }

    private VirtualDirectory BuildVirtualTree(IReadOnlyList<BackupItem> items)
    {
        var root = new VirtualDirectory(null);
        foreach (var item in items)
        {
            if (item.SnapshotPath.Count == 0)
            {
                if (item is not BackupItem.Path path || items.Count != 1)
                {
                    throw new UsageException("only a single directory can be backed up as the snapshot's root");
                }

                root.RootPath = path.RealPath;
                continue;
            }

            var directory = root;
            for (var i = 0; i < item.SnapshotPath.Count - 1; i++)
            {
                var name = item.SnapshotPath[i];
                if (!directory.Children.TryGetValue(name, out var child))
                {
                    var realPath = item is BackupItem.Path { RealParents: true } p ? Ancestor(p.RealPath, item.SnapshotPath.Count - 1 - i) : null;
                    directory.Children[name] = child = new VirtualDirectory(realPath);
                }

                directory = child as VirtualDirectory
                    ?? throw new UsageException($"'{string.Join('/', item.SnapshotPath.Take(i + 1))}' is given both as a file and as a directory");
            }

            if (!directory.Children.TryAdd(item.SnapshotPath[^1], item))
            {
                throw new UsageException($"'{string.Join('/', item.SnapshotPath)}' is given twice");
            }
        }

        return root;
    }

    private static string Ancestor(string path, int levels)
    {
        var full = Path.GetFullPath(path);
        for (var i = 0; i < levels; i++)
        {
            full = Path.GetDirectoryName(full) ?? "/";
        }

        return full;
    }

    private async Task<Id> SaveVirtualAsync(VirtualDirectory directory, Id? previousTree, CancellationToken cancellationToken)
    {
        var previous = await LoadPreviousAsync(previousTree, cancellationToken);
        var tasks = new List<Task<Node?>>();
        var deferred = new List<(string Name, BackupItem.Deferred Item)>();
        foreach (var (name, child) in directory.Children.OrderBy(c => c.Key, Tree.NameComparer))
        {
            var previousNode = previous?.Find(name);
            if (child is BackupItem.Deferred late)
            {
                deferred.Add((name, late));
                continue;
            }

            tasks.Add(child switch
            {
                VirtualDirectory sub => SaveVirtualChildAsync(name, sub, previousNode, cancellationToken),
                BackupItem.Path path => SaveTopLevelPathAsync(name, path.RealPath, path.Excludes, previousNode, cancellationToken),
                BackupItem.Stream stream => SaveStreamAsync(name, stream, cancellationToken),
                BackupItem.Bytes bytes => SaveBytesAsync(name, bytes.Content, cancellationToken),
                _ => throw new InvalidOperationException("unknown backup item"),
            });
        }

        var nodes = (await Task.WhenAll(tasks)).ToList();
        foreach (var (name, item) in deferred)
        {
            nodes.Add(await SaveBytesAsync(name, await item.Content(cancellationToken), cancellationToken));
        }

        return await SaveTreeAsync(nodes, cancellationToken);
    }

    private async Task<Node?> SaveVirtualChildAsync(string name, VirtualDirectory directory, Node? previous, CancellationToken cancellationToken)
    {
        Node node;
        if (directory.RealPath is { } realPath)
        {
            try
            {
                node = NodeFactory.FromPath(realPath, name, out _);
            }
            catch (IOException ex)
            {
                Report(realPath, ex.Message);
                node = NodeFactory.VirtualDirectory(name, _now);
            }
        }
        else
        {
            node = NodeFactory.VirtualDirectory(name, _now);
        }

        node.Subtree = await SaveVirtualAsync(directory, previous?.Subtree, cancellationToken);
        CountDirectory(previous?.Subtree, node.Subtree.Value);
        return node;
    }

    private async Task<Node?> SaveTopLevelPathAsync(string name, string realPath, PatternList? excludes, Node? previous, CancellationToken cancellationToken)
    {
        Node node;
        FileStatus status;
        try
        {
            node = NodeFactory.FromPath(realPath, name, out status);
        }
        catch (IOException ex)
        {
            throw new LifeboatException($"cannot back up {realPath}: {ex.Message}", ex);
        }

        return node.Type switch
        {
            NodeType.Directory => await SaveDirectoryAsync(realPath, node, previous?.Type == NodeType.Directory ? previous.Subtree : null, cancellationToken, status.Device, excludes),
            NodeType.File => await SaveFileAsync(realPath, node, status, previous, cancellationToken),
            _ => node,
        };
    }

    private async Task<Node> SaveDirectoryAsync(string realPath, Node node, Id? previousTree, CancellationToken cancellationToken, ulong? device = null, PatternList? itemExcludes = null)
    {
        var previous = await LoadPreviousAsync(previousTree, cancellationToken);
        string[] names;
        try
        {
            names = Directory.EnumerateFileSystemEntries(realPath).Select(Path.GetFileName).OfType<string>().ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Report(realPath, ex.Message);
            names = [];
        }

        Array.Sort(names, Tree.NameComparer);
        var absolute = Path.GetFullPath(realPath);
        var tasks = new List<Task<Node?>>(names.Length);
        var subdirectories = new Queue<Task<Node>>();
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Join(realPath, name);
            var absoluteChild = Path.Join(absolute, name);
            if (options.Excludes.Matches(absoluteChild) || itemExcludes?.Matches(absoluteChild) == true)
            {
                continue;
            }

            Node child;
            FileStatus status;
            try
            {
                child = NodeFactory.FromPath(path, name, out status);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Report(path, ex.Message);
                continue;
            }

            var previousNode = previous?.Find(name);
            if (child.Type == NodeType.Directory)
            {
                if (options.OneFileSystem && device is { } parentDevice && status.Device != parentDevice)
                {
                    // A mount point: recorded, but its content belongs to another file system.
                    child.Subtree = await SaveTreeAsync([], cancellationToken);
                    tasks.Add(Task.FromResult<Node?>(child));
                    continue;
                }

                var subdirectory = SaveDirectoryAsync(path, child, previousNode?.Type == NodeType.Directory ? previousNode.Subtree : null, cancellationToken, status.Device, itemExcludes);
                tasks.Add(subdirectory.ContinueWith(t => (Node?)t.Result, cancellationToken, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));

                // A few sibling directories at a time: started all at once, every directory of a wide
                // tree would hold its file nodes until the end (100,000 small files: +200 MiB).
                subdirectories.Enqueue(subdirectory);
                if (subdirectories.Count > DirectoriesInFlight)
                {
                    await subdirectories.Dequeue().ConfigureAwait(false);
                }
            }
            else if (child.Type == NodeType.File)
            {
                if (IsUnchanged(previousNode, child, status))
                {
                    tasks.Add(SaveFileAsync(path, child, status, previousNode, cancellationToken));
                }
                else
                {
                    await _fileSlots.WaitAsync(cancellationToken);
                    tasks.Add(SaveFileInSlotAsync(path, child, status, previousNode, cancellationToken));
                }
            }
            else
            {
                tasks.Add(Task.FromResult<Node?>(child));
            }
        }

        node.Subtree = await SaveTreeAsync(await Task.WhenAll(tasks), cancellationToken);
        CountDirectory(previous is null ? null : previousTree, node.Subtree.Value);
        return node;
    }

    private async Task<Node?> SaveFileAsync(string path, Node node, FileStatus status, Node? previous, CancellationToken cancellationToken)
    {
        if (IsUnchanged(previous, node, status))
        {
            node.Content = previous!.Content;
            lock (_statsLock)
            {
                _summary.FilesUnmodified++;
                _summary.TotalFilesProcessed++;
                _summary.TotalBytesProcessed += (long)node.Size;
            }

            Progress(path, (long)node.Size);
            return node;
        }

        try
        {
            node.Content = await _saver.SaveAsync(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Report(path, ex.Message);
            return null;
        }

        lock (_statsLock)
        {
            if (previous is null)
            {
                _summary.FilesNew++;
            }
            else
            {
                _summary.FilesChanged++;
            }

            _summary.TotalFilesProcessed++;
            _summary.TotalBytesProcessed += (long)node.Size;
        }

        Progress(path, 0);
        return node;
    }

    private async Task<Node?> SaveFileInSlotAsync(string path, Node node, FileStatus status, Node? previous, CancellationToken cancellationToken)
    {
        try
        {
            return await SaveFileAsync(path, node, status, previous, cancellationToken);
        }
        finally
        {
            _fileSlots.Release();
        }
    }

    /// <summary>
    /// restic's test for an unchanged file (same type, size, mtime, ctime and inode, content still in
    /// the index), plus: nothing modified at or after the start of this backup is trusted.
    /// </summary>
    private bool IsUnchanged(Node? previous, Node node, FileStatus status)
    {
        if (previous is not { Type: NodeType.File, Content: { } content }
            || previous.Size != node.Size
            || previous.Inode != node.Inode
            || previous.ModTime.UnixNanoseconds != node.ModTime.UnixNanoseconds
            || previous.ChangeTime.UnixNanoseconds != node.ChangeTime.UnixNanoseconds
            || status.ModifyTime >= _startNanoseconds
            || status.ChangeTime >= _startNanoseconds)
        {
            return false;
        }

        foreach (var id in content)
        {
            if (!repository.Index.Contains(BlobType.Data, id))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<Node?> SaveStreamAsync(string name, BackupItem.Stream item, CancellationToken cancellationToken)
    {
        var node = NodeFactory.StreamFile(name, _now);
        long length = 0;
        node.Content = await _saver.SaveAsync(() => new CountingStream(item.Open(), n => length += n), cancellationToken);
        if (item.Completed is not null)
        {
            await item.Completed();
        }

        node.Size = (ulong)length;
        lock (_statsLock)
        {
            _summary.FilesNew++;
            _summary.TotalFilesProcessed++;
            _summary.TotalBytesProcessed += length;
        }

        return node;
    }

    private async Task<Node?> SaveBytesAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        var node = NodeFactory.StreamFile(name, _now);
        node.Content = await _saver.SaveAsync(() => new MemoryStream(content, writable: false), cancellationToken);
        node.Size = (ulong)content.Length;
        lock (_statsLock)
        {
            _summary.FilesNew++;
            _summary.TotalFilesProcessed++;
            _summary.TotalBytesProcessed += content.Length;
        }

        return node;
    }

    private async Task<Id> SaveTreeAsync(IEnumerable<Node?> nodes, CancellationToken cancellationToken)
    {
        var tree = new Tree();
        tree.Nodes.AddRange(nodes.OfType<Node>());
        tree.Sort();
        var bytes = TreeCodec.Encode(tree);
        var id = Id.Hash(bytes);
        await _writer.AddBlobAsync(BlobType.Tree, id, bytes, cancellationToken);
        return id;
    }

    private async Task<Tree?> LoadPreviousAsync(Id? treeId, CancellationToken cancellationToken)
    {
        if (treeId is not { } id || !repository.Index.Contains(BlobType.Tree, id))
        {
            return null;
        }

        try
        {
            return await repository.LoadTreeAsync(id, cancellationToken);
        }
        catch (RepositoryException)
        {
            return null; // a damaged parent only costs re-reading the files
        }
    }

    private void CountDirectory(Id? previousTree, Id tree)
    {
        lock (_statsLock)
        {
            if (previousTree is null)
            {
                _summary.DirsNew++;
            }
            else if (previousTree == tree)
            {
                _summary.DirsUnmodified++;
            }
            else
            {
                _summary.DirsChanged++;
            }
        }
    }

    private void Report(string path, string message)
    {
        var error = new BackupError(path, message);
        lock (_statsLock)
        {
            _summary.Errors.Add(error);
        }

        options.OnError?.Invoke(error);
    }

    private void Progress(string path, long skippedBytes)
    {
        var files = Interlocked.Increment(ref _filesDone);
        var bytes = Interlocked.Add(ref _bytesDone, skippedBytes);
        options.Progress?.Report(new BackupProgress(files, bytes, Interlocked.Read(ref _filesTotal), Interlocked.Read(ref _bytesTotal), path));
    }

    private void ScanTotals(IReadOnlyList<BackupItem> items, CancellationToken cancellationToken)
    {
        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var item in items.OfType<BackupItem.Path>())
        {
            if (File.Exists(item.RealPath))
            {
                Interlocked.Increment(ref _filesTotal);
                Interlocked.Add(ref _bytesTotal, new FileInfo(item.RealPath).Length);
                continue;
            }

            if (!Directory.Exists(item.RealPath))
            {
                continue;
            }

            foreach (var file in new DirectoryInfo(item.RealPath).EnumerateFiles("*", enumeration))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (file.LinkTarget is null && !options.Excludes.Matches(file.FullName))
                {
                    Interlocked.Increment(ref _filesTotal);
                    Interlocked.Add(ref _bytesTotal, file.Length);
                }
            }
        }
    }

    /// <summary>A directory that exists in the snapshot's layout above the items.</summary>
    private sealed class VirtualDirectory(string? realPath)
    {
        public string? RealPath { get; } = realPath;

        /// <summary>Set when a single directory's content is the snapshot's root.</summary>
        public string? RootPath { get; set; }

        public SortedDictionary<string, object> Children { get; } = new(Tree.NameComparer);
    }
}
