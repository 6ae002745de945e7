using Lifeboat.Repository.Trees;
using Microsoft.Win32.SafeHandles;

namespace Lifeboat.Repository.Restorer;

/// <summary>Where one blob of a file's content lies in a pack and where it goes in the file.</summary>
internal readonly record struct BlobPlacement(Id Pack, Packs.PackedBlob Blob, long FileOffset);

/// <summary>
/// One file being restored: written under a temporary name as its blobs arrive (from any thread), then
/// given its metadata and renamed into place once every blob is in. A failed file is never renamed.
/// </summary>
internal sealed class FileJob(string path, Node node, int blobCount)
{
    private readonly Lock _lock = new();
    private SafeFileHandle? _handle;
    private string? _tempPath;
    private int _pending = blobCount;
    private bool _finished;

    public string Path { get; } = path;

    public Node Node { get; } = node;

    public List<BlobPlacement> Blobs { get; } = new(blobCount);

    public long Size { get; set; }

    public bool Failed { get; private set; }

    public string? FailureReason { get; private set; }

    /// <summary>Creates the temporary file (on the first write).</summary>
    public void Open()
    {
        lock (_lock)
        {
            if (_handle is not null || Failed)
            {
                return;
            }

            var parent = System.IO.Path.GetDirectoryName(Path)!;
            if (!Directory.Exists(parent))
            {
                Directory.CreateDirectory(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            _tempPath = SnapshotRestorer.TempName(Path);
            // FileShare.ReadWrite: no advisory flock(2) on a file only this restore knows about.
            _handle = File.OpenHandle(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite, FileOptions.None, Size);
        }
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        if (_handle is null)
        {
            Open();
        }

        if (_handle is { } handle)
        {
            RandomAccess.Write(handle, data, offset);
        }
    }

    /// <summary>Counts one blob written; true when it was the last one.</summary>
    public bool BlobDone() => Interlocked.Decrement(ref _pending) == 0;

    /// <summary>Closes the file, applies metadata and renames it into place.</summary>
    public void Finish(bool restoreOwnership)
    {
        lock (_lock)
        {
            if (Failed || _finished)
            {
                return;
            }

            _handle?.Dispose();
            _handle = null;
            NodeMetadata.Apply(_tempPath!, Node, restoreOwnership);
            Platform.Posix.Rename(_tempPath!, Path);
            _finished = true;
        }
    }

    /// <summary>Marks the file failed and removes its partial content; true the first time.</summary>
    public bool Fail(string reason)
    {
        lock (_lock)
        {
            if (Failed)
            {
                return false;
            }

            Failed = true;
            FailureReason = reason;
            Discard();
            return true;
        }
    }

    /// <summary>Removes an unfinished temporary file (after cancellation or failure elsewhere).</summary>
    public void Abandon()
    {
        lock (_lock)
        {
            if (!_finished)
            {
                Discard();
            }
        }
    }

    private void Discard()
    {
        _handle?.Dispose();
        _handle = null;
        if (_tempPath is not null)
        {
            try
            {
                File.Delete(_tempPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // best effort: a leftover hidden temporary file is harmless
            }

            _tempPath = null;
        }
    }
}
