using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Lifeboat.Storage.Local;

/// <summary>
/// A repository in a local directory, in restic's default layout: <c>config</c>, <c>keys/</c>,
/// <c>snapshots/</c>, <c>index/</c>, <c>locks/</c>, <c>data/xx/</c>. Files are written under a
/// temporary name in <c>tmp/</c>, flushed to disk, made read-only and renamed into place.
/// </summary>
public sealed class LocalBackend : IBackend
{
    private static readonly UnixFileMode ReadOnlyMode = UnixFileMode.UserRead;

    private readonly string _root;

    public LocalBackend(string path)
    {
        _root = System.IO.Path.GetFullPath(path);
    }

    public string Location => "local:" + _root;

    /// <summary>The repository's directory.</summary>
    public string Root => _root;

    public BackendCapabilities Capabilities { get; } = new(Connections: 4, IsLocal: true, HasFreeSpace: true);

    public Task CreateLayoutAsync(CancellationToken cancellationToken = default)
    {
        return Guard(null, () =>
        {
            Directory.CreateDirectory(_root);
            foreach (var dir in new[] { "keys", "snapshots", "index", "locks", "tmp", "data" })
            {
                Directory.CreateDirectory(System.IO.Path.Combine(_root, dir));
            }

            for (var i = 0; i < 256; i++)
            {
                Directory.CreateDirectory(System.IO.Path.Combine(_root, "data", i.ToString("x2")));
            }

            return Task.CompletedTask;
        });
    }

    public Task SaveAsync(BackendFile file, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        return Guard(file, async () =>
        {
            var temp = NewTempPath(file.Name);
            try
            {
                await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.Asynchronous))
                {
                    await stream.WriteAsync(data, cancellationToken);
                    stream.Flush(flushToDisk: true);
                }

                await PlaceAsync(temp, file, existing => Task.FromResult(existing.AsSpan().SequenceEqual(data.Span)), cancellationToken);
            }
            finally
            {
                DeleteQuietly(temp);
            }
        });
    }

    /// <summary>A pack staged in <c>tmp/</c> as it is written; committing renames it into place.</summary>
    public IStagedFile CreateStagedFile(FileType type)
    {
        var temp = NewTempPath(type.ToString().ToLowerInvariant());
        try
        {
            return new LocalStagedFile(this, temp, new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite, 64 * 1024));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"cannot create a temporary file in {System.IO.Path.Combine(_root, "tmp")}: {ex.Message}", ex);
        }
    }

    /// <summary>Removes files in <c>tmp/</c> not modified for <paramref name="untouchedFor"/>.</summary>
    public Task<int> RemoveAbandonedStagedFilesAsync(TimeSpan untouchedFor, CancellationToken cancellationToken = default)
    {
        return Guard(null, () =>
        {
            var tmpDirectory = System.IO.Path.Combine(_root, "tmp");
            if (!Directory.Exists(tmpDirectory))
            {
                return Task.FromResult(0);
            }

            var before = DateTime.UtcNow - untouchedFor;
            var removed = 0;
            foreach (var file in new DirectoryInfo(tmpDirectory).EnumerateFiles())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (file.LastWriteTimeUtc < before)
                {
                    file.Delete();
                    removed++;
                }
            }

            return Task.FromResult(removed);
        });
    }

    private string NewTempPath(string prefix)
    {
        var tmpDirectory = System.IO.Path.Combine(_root, "tmp");
        Directory.CreateDirectory(tmpDirectory);
        return System.IO.Path.Combine(tmpDirectory, $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}");
    }

    /// <summary>
    /// Makes a complete, flushed temporary file read-only and renames it to <paramref name="file"/>'s
    /// place. When the file is already there (a retried save), <paramref name="sameContent"/> decides
    /// whether that is fine.
    /// </summary>
    private async Task PlaceAsync(string temp, BackendFile file, Func<byte[], Task<bool>> sameContent, CancellationToken cancellationToken)
    {
        var target = PathOf(file);
        var directory = System.IO.Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, ReadOnlyMode);
        }

        try
        {
            File.Move(temp, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // A retry of a save that already landed is fine; different content is not.
            if (!await sameContent(await File.ReadAllBytesAsync(target, cancellationToken)))
            {
                throw new StorageException($"{file} already exists with different content");
            }
        }

        NativeFile.SyncDirectory(directory);
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // a leftover in tmp/ is harmless; prune's next run does not depend on it
        }
    }

    private sealed class LocalStagedFile(LocalBackend backend, string temp, FileStream stream) : IStagedFile
    {
        private FileStream? _stream = stream;

        public long Length { get; private set; }

        public void Write(ReadOnlySpan<byte> data)
        {
            var open = _stream ?? throw new InvalidOperationException("the staged file is closed");
            try
            {
                open.Write(data);
            }
            catch (IOException ex)
            {
                throw new StorageException($"cannot write a pack into {backend.Location}: {ex.Message}", ex)
                {
                    Hint = "nothing of this backup was committed; free space where the repository lives and run it again: data already stored is reused",
                };
            }

            Length += data.Length;
        }

        public Task CommitAsync(BackendFile file, CancellationToken cancellationToken = default)
        {
            return backend.Guard(file, async () =>
            {
                var open = _stream ?? throw new InvalidOperationException("the staged file is closed");
                open.Flush(flushToDisk: true);
                await open.DisposeAsync();
                _stream = null;
                await backend.PlaceAsync(temp, file, async existing =>
                {
                    var staged = await File.ReadAllBytesAsync(temp, cancellationToken);
                    return existing.AsSpan().SequenceEqual(staged);
                }, cancellationToken);
                DeleteQuietly(temp);
            });
        }

        public async ValueTask DisposeAsync()
        {
            if (_stream is { } open)
            {
                _stream = null;
                try
                {
                    await open.DisposeAsync();
                }
                catch (IOException)
                {
                    // the file is discarded anyway
                }
            }

            if (File.Exists(temp))
            {
                DeleteQuietly(temp);
            }
        }
    }

    public Task<byte[]> LoadAsync(BackendFile file, CancellationToken cancellationToken = default)
    {
        return Guard(file, () => File.ReadAllBytesAsync(PathOf(file), cancellationToken));
    }

    public Task ReadAtAsync(BackendFile file, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        return Guard(file, async () =>
        {
            using var handle = File.OpenHandle(PathOf(file), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.Asynchronous);
            var done = 0;
            while (done < destination.Length)
            {
                var read = await RandomAccess.ReadAsync(handle, destination[done..], offset + done, cancellationToken);
                if (read == 0)
                {
                    throw new StorageException(
                        $"{file} is shorter than expected: wanted {destination.Length} bytes at offset {offset}, file has {offset + done}");
                }

                done += read;
            }
        });
    }

    public Task<long> StatAsync(BackendFile file, CancellationToken cancellationToken = default)
    {
        return Guard(file, () =>
        {
            var info = new FileInfo(PathOf(file));
            return info.Exists ? Task.FromResult(info.Length) : throw new NotFoundException(file);
        });
    }

    public async IAsyncEnumerable<BackendFileInfo> ListAsync(FileType type, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (type == FileType.Config)
        {
            var config = new FileInfo(System.IO.Path.Combine(_root, "config"));
            if (config.Exists)
            {
                yield return new BackendFileInfo("config", config.Length, config.LastWriteTimeUtc);
            }

            yield break;
        }

        var directory = System.IO.Path.Combine(_root, DirectoryOf(type));
        List<BackendFileInfo> found;
        try
        {
            // Materialise the listing so that an error part-way throws instead of ending the list early.
            found = [];
            if (!Directory.Exists(directory))
            {
                if (!Directory.Exists(_root))
                {
                    throw new StorageException($"repository directory {_root} does not exist");
                }

                // As restic's: a directory is created with its first file, and copies of a repository
                // (rsync, rclone) may drop empty ones. Prune guards against a repository that lost its
                // snapshots (it refuses to remove everything).
            }
            else
            {
                var options = new EnumerationOptions
                {
                    RecurseSubdirectories = type == FileType.Pack,
                    MaxRecursionDepth = 1,
                    IgnoreInaccessible = false,
                    AttributesToSkip = 0,
                };
                foreach (var info in new DirectoryInfo(directory).EnumerateFiles("*", options))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (IsId(info.Name))
                    {
                        found.Add(new BackendFileInfo(info.Name, info.Length, info.LastWriteTimeUtc));
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"cannot list {directory}: {ex.Message}", ex);
        }

        foreach (var item in found)
        {
            yield return item;
        }

        await Task.CompletedTask;
    }

    public Task RemoveAsync(BackendFile file, CancellationToken cancellationToken = default)
    {
        return Guard(file, () =>
        {
            File.Delete(PathOf(file));
            return Task.CompletedTask;
        });
    }

    public Task<long?> GetFreeSpaceAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return Task.FromResult<long?>(new DriveInfo(_root).AvailableFreeSpace);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Task.FromResult<long?>(null);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The path of a repository file on disk.</summary>
    public string PathOf(BackendFile file)
    {
        if (file.Type == FileType.Config)
        {
            return System.IO.Path.Combine(_root, "config");
        }

        if (!IsId(file.Name))
        {
            throw new StorageException($"invalid file name '{file.Name}' for {file.Type}");
        }

        return file.Type == FileType.Pack
            ? System.IO.Path.Combine(_root, "data", file.Name[..2], file.Name)
            : System.IO.Path.Combine(_root, DirectoryOf(file.Type), file.Name);
    }

    private static string DirectoryOf(FileType type) => type switch
    {
        FileType.Key => "keys",
        FileType.Snapshot => "snapshots",
        FileType.Index => "index",
        FileType.Pack => "data",
        FileType.Lock => "locks",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static bool IsId(string name)
    {
        if (name.Length != 64)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<T> Guard<T>(BackendFile? file, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException && file is { } missing)
        {
            throw new NotFoundException(missing, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StorageException($"permission denied: {Describe(file)} in {_root}", ex);
        }
        catch (IOException ex)
        {
            throw new StorageException($"cannot access {Describe(file)} in {_root}: {ex.Message}", ex);
        }
    }

    private async Task Guard(BackendFile? file, Func<Task> action) =>
        await Guard<bool>(file, async () =>
        {
            await action();
            return true;
        });

    private static string Describe(BackendFile? file) => file?.ToString() ?? "the repository";
}
