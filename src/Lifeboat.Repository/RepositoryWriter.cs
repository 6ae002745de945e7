using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using Lifeboat.Repository.Compression;
using Lifeboat.Repository.Crypto;
using Lifeboat.Repository.Index;
using Lifeboat.Repository.Packs;
using Lifeboat.Storage;

namespace Lifeboat.Repository;

/// <summary>How blobs are compressed (repository version 2 only).</summary>
public enum CompressionMode
{
    /// <summary>zstd at restic's default level; data that does not compress is stored as is.</summary>
    Auto,

    /// <summary>No compression.</summary>
    Off,

    /// <summary>Slower, smaller.</summary>
    Max,
}

/// <summary>
/// Adds blobs to a repository in restic's safe order: blobs are encoded (compressed, encrypted) and
/// verified by decoding them again, collected into packs of about 16 MiB (data and trees apart), packs
/// are stored, and only then are they written to index files. Deduplicates against the repository's
/// index and against blobs already queued. Safe to call from many threads at once.
/// </summary>
public sealed class RepositoryWriter : IAsyncDisposable
{
    public const int DefaultPackSize = 16 * 1024 * 1024;

    /// <summary>An index file is written once this many new blobs are packed (keeps it below 8 MiB).</summary>
    private const int IndexBlobLimit = 40_000;

    private readonly Repository _repository;
    private readonly CompressionMode _compression;
    private readonly ConcurrentDictionary<(BlobType, Id), byte> _queued = new();
    private readonly Packer _dataPacker;
    private readonly Packer _treePacker;
    private readonly Lock _dataLock = new();
    private readonly Lock _treeLock = new();
    private readonly Channel<SealedPack> _uploads;
    private readonly Task[] _uploaders;
    private readonly Lock _indexLock = new();
    private readonly List<IndexPack> _unindexed = [];
    private readonly List<Id> _writtenIndexFiles = [];
    private readonly List<Id> _writtenPacks = [];
    private int _unindexedBlobs;
    private Exception? _failure;
    private long _dataBlobs;
    private long _treeBlobs;
    private long _bytesStored;
    private long _plaintextBytesAdded;
    private long _packsStored;

    public RepositoryWriter(Repository repository, CompressionMode compression = CompressionMode.Auto, int packSize = DefaultPackSize)
    {
        _repository = repository;
        _compression = repository.Version >= 2 ? compression : CompressionMode.Off;
        _dataPacker = new Packer(BlobType.Data, packSize, () => repository.Backend.CreateStagedFile(FileType.Pack));
        _treePacker = new Packer(BlobType.Tree, packSize, () => repository.Backend.CreateStagedFile(FileType.Pack));
        // Sealed packs waiting for upload may hold memory (a backend without disk staging): few in flight
        // on local disks, more for remote stores.
        var connections = Math.Max(1, repository.Backend.Capabilities.IsLocal ? 2 : repository.Backend.Capabilities.Connections);
        _uploads = Channel.CreateBounded<SealedPack>(new BoundedChannelOptions(1) { SingleReader = false });
        _uploaders = Enumerable.Range(0, connections).Select(_ => Task.Run(UploadLoopAsync)).ToArray();
    }

    /// <summary>Count what would be added, but encode and store nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>New data blobs stored by this writer.</summary>
    public long DataBlobs => Interlocked.Read(ref _dataBlobs);

    /// <summary>New tree blobs stored by this writer.</summary>
    public long TreeBlobs => Interlocked.Read(ref _treeBlobs);

    /// <summary>Bytes of packs stored (what the repository grew by, without index files).</summary>
    public long BytesStored => Interlocked.Read(ref _bytesStored);

    /// <summary>Plaintext bytes of the new blobs.</summary>
    public long PlaintextBytesAdded => Interlocked.Read(ref _plaintextBytesAdded);

    public long PacksStored => Interlocked.Read(ref _packsStored);

    /// <summary>Packs stored so far.</summary>
    public IReadOnlyList<Id> Packs
    {
        get
        {
            lock (_indexLock)
            {
                return _writtenPacks.ToArray();
            }
        }
    }

    /// <summary>Index files written so far.</summary>
    public IReadOnlyList<Id> IndexFiles
    {
        get
        {
            lock (_indexLock)
            {
                return _writtenIndexFiles.ToArray();
            }
        }
    }

    /// <summary>
    /// Claims a blob for storing: true when neither the repository nor this writer has it yet; the caller
    /// must then call <see cref="SaveBlobAsync"/>. False means it is already stored or queued.
    /// </summary>
    public bool TryClaim(BlobType type, Id id) =>
        !_repository.Index.Contains(type, id) && _queued.TryAdd((type, id), 0);

    /// <summary>Stores a blob unless the repository already has it; true when it was added.</summary>
    public async ValueTask<bool> AddBlobAsync(BlobType type, Id id, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
    {
        if (!TryClaim(type, id))
        {
            return false;
        }

        await SaveBlobAsync(type, id, plaintext, cancellationToken);
        return true;
    }

    /// <summary>
    /// Encodes, verifies and packs a claimed blob. Encoding runs on the calling thread, so callers on
    /// several threads encode in parallel.
    /// </summary>
    public async ValueTask SaveBlobAsync(BlobType type, Id id, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
    {
        if (DryRun)
        {
            await SaveBlobCoreAsync(type, id, plaintext, Memory<byte>.Empty, cancellationToken);
            return;
        }

        var scratch = BlobBuffers.Rent(plaintext.Length);
        try
        {
            await SaveBlobCoreAsync(type, id, plaintext, scratch.AsMemory(0, plaintext.Length), cancellationToken);
        }
        finally
        {
            BlobBuffers.Return(scratch);
        }
    }

    /// <summary>
    /// <see cref="SaveBlobAsync"/> for a caller that no longer needs the plaintext: its buffer is reused
    /// to decode the blob again for verification, which saves a buffer per blob in flight. On return
    /// it holds the same bytes when all went well, and anything after an exception.
    /// </summary>
    public ValueTask SaveBlobOverwritingAsync(BlobType type, Id id, Memory<byte> plaintext, CancellationToken cancellationToken = default) =>
        SaveBlobCoreAsync(type, id, plaintext, plaintext, cancellationToken);

    private async ValueTask SaveBlobCoreAsync(BlobType type, Id id, ReadOnlyMemory<byte> plaintext, Memory<byte> scratch, CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        if (DryRun)
        {
            Interlocked.Increment(ref type == BlobType.Tree ? ref _treeBlobs : ref _dataBlobs);
            Interlocked.Add(ref _plaintextBytesAdded, plaintext.Length);
            return;
        }

        var length = plaintext.Length;
        var (box, boxLength, uncompressedLength) = Encode(id, plaintext.Span, scratch.Span);
        try
        {
            await PackAsync(type, id, box.AsMemory(0, boxLength), uncompressedLength, cancellationToken);
        }
        finally
        {
            BlobBuffers.Return(box);
        }

        Interlocked.Add(ref _plaintextBytesAdded, length);
    }

    /// <summary>
    /// Adds a blob that is already encrypted with this repository's key (repacking during prune): it
    /// is copied into a new pack as is. The caller has verified it. Ignores blobs this writer already has.
    /// </summary>
    public async ValueTask AddEncryptedBlobAsync(BlobType type, Id id, ReadOnlyMemory<byte> encrypted, uint uncompressedLength, CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        if (!_queued.TryAdd((type, id), 0))
        {
            return;
        }

        await PackAsync(type, id, encrypted, uncompressedLength, cancellationToken);
    }

    private async ValueTask PackAsync(BlobType type, Id id, ReadOnlyMemory<byte> encrypted, uint uncompressedLength, CancellationToken cancellationToken)
    {
        SealedPack? full = null;
        var packer = type == BlobType.Tree ? _treePacker : _dataPacker;
        lock (type == BlobType.Tree ? _treeLock : _dataLock)
        {
            if (packer.WouldOverflow(encrypted.Length))
            {
                full = packer.Seal(_repository.Key);
            }

            packer.Add(id, encrypted.Span, uncompressedLength);
            if (full is null && packer.IsFull)
            {
                full = packer.Seal(_repository.Key);
            }
        }

        Interlocked.Increment(ref type == BlobType.Tree ? ref _treeBlobs : ref _dataBlobs);
        if (full is not null)
        {
            await _uploads.Writer.WriteAsync(full, cancellationToken);
        }
    }

    /// <summary>
    /// Seals the partial packs, waits for every pack to be stored and writes the remaining index entries.
    /// After this returns, everything added is durably in the repository and indexed.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (packer, gate) in new[] { (_dataPacker, _dataLock), (_treePacker, _treeLock) })
        {
            SealedPack? partial = null;
            lock (gate)
            {
                if (packer.Count > 0)
                {
                    partial = packer.Seal(_repository.Key);
                }
            }

            if (partial is not null)
            {
                await _uploads.Writer.WriteAsync(partial, cancellationToken);
            }
        }

        _uploads.Writer.TryComplete();
        await Task.WhenAll(_uploaders);
        ThrowIfFailed();
        await WriteIndexAsync(all: true, cancellationToken);
    }

    /// <summary>
    /// After a failure or cancellation (also one that interrupted <see cref="FlushAsync"/>): indexes the
    /// packs that were stored, so a later run reuses them, and drops what was not stored yet.
    /// </summary>
    public async Task AbandonAsync()
    {
        foreach (var (packer, gate) in new[] { (_dataPacker, _dataLock), (_treePacker, _treeLock) })
        {
            IStagedFile? partial;
            lock (gate)
            {
                partial = packer.Discard();
            }

            if (partial is not null)
            {
                await partial.DisposeAsync();
            }
        }

        _uploads.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_uploaders);
        }
        catch (Exception)
        {
            // the failure is already recorded; index what did land
        }

        try
        {
            await WriteIndexAsync(all: true, CancellationToken.None);
        }
        catch (LifeboatException)
        {
            // the repository stays valid without this index; packs become unreferenced until prune
        }
    }

    /// <summary>Indexes whatever was stored and not indexed yet (nothing after a completed flush).</summary>
    public async ValueTask DisposeAsync() => await AbandonAsync();

    /// <summary>
    /// Compresses (when it pays) and encrypts a blob, then decodes the result again and checks its hash,
    /// which catches compressor and cipher bugs before anything is stored. The decoding reuses the
    /// compression buffer and <paramref name="scratch"/> (plaintext-sized; it may be the plaintext itself,
    /// which is not read after encryption).
    /// </summary>
    private (byte[] Box, int Length, uint UncompressedLength) Encode(Id id, ReadOnlySpan<byte> plaintext, Span<byte> scratch)
    {
        byte[]? compressed = null;
        ReadOnlySpan<byte> payload = plaintext;
        uint uncompressedLength = 0;
        var plaintextLength = plaintext.Length;
        byte[]? box = null;
        try
        {
            if (_compression != CompressionMode.Off && plaintext.Length > 0 && !Entropy.LooksIncompressible(plaintext))
            {
                compressed = BlobBuffers.Rent(Zstd.CompressBound(plaintext.Length));
                var length = Zstd.Compress(plaintext, compressed, _compression == CompressionMode.Max ? Zstd.MaxLevel : Zstd.AutoLevel);
                if (length < plaintext.Length)
                {
                    payload = compressed.AsSpan(0, length);
                    uncompressedLength = (uint)plaintext.Length;
                }
            }

            var boxLength = CryptoKey.CiphertextLength(payload.Length);
            box = BlobBuffers.Rent(boxLength);
            _repository.Key.Encrypt(payload, box.AsSpan(0, boxLength));

            // Verify. From here on the plaintext is not read: scratch may overwrite it.
            ReadOnlySpan<byte> decoded;
            if (uncompressedLength != 0)
            {
                var decrypted = _repository.Key.Decrypt(box.AsSpan(0, boxLength), compressed);
                decoded = scratch[..Zstd.Decompress(compressed.AsSpan(0, decrypted), scratch[..plaintextLength])];
            }
            else
            {
                decoded = scratch[.._repository.Key.Decrypt(box.AsSpan(0, boxLength), scratch[..plaintextLength])];
            }

            Span<byte> hash = stackalloc byte[Id.Size];
            SHA256.HashData(decoded, hash);
            if (decoded.Length != plaintextLength || new Id(hash) != id)
            {
                throw new RepositoryException($"encoding blob {id} failed verification (compressor or cipher bug); nothing was stored");
            }

            var result = (box, boxLength, uncompressedLength);
            box = null;
            return result;
        }
        finally
        {
            if (compressed is not null)
            {
                BlobBuffers.Return(compressed);
            }

            if (box is not null)
            {
                BlobBuffers.Return(box);
            }
        }
    }

    private async Task UploadLoopAsync()
    {
        await foreach (var pack in _uploads.Reader.ReadAllAsync())
        {
            try
            {
                if (_failure is null)
                {
                    await pack.File.CommitAsync(new BackendFile(FileType.Pack, pack.Id.ToString()));
                    _repository.Index.AddPack(pack.Id, pack.Blobs);
                    Interlocked.Add(ref _bytesStored, pack.Length);
                    Interlocked.Increment(ref _packsStored);
                    bool indexNow;
                    lock (_indexLock)
                    {
                        _unindexed.Add(ToIndexPack(pack));
                        _writtenPacks.Add(pack.Id);
                        _unindexedBlobs += pack.Blobs.Length;
                        indexNow = _unindexedBlobs >= IndexBlobLimit;
                    }

                    if (indexNow)
                    {
                        await WriteIndexAsync(all: false, CancellationToken.None);
                    }
                }
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _failure, ex, null);
            }
            finally
            {
                await pack.ReleaseAsync();
            }
        }
    }

    private async Task WriteIndexAsync(bool all, CancellationToken cancellationToken)
    {
        while (true)
        {
            IndexFile file;
            lock (_indexLock)
            {
                if (_unindexed.Count == 0 || (!all && _unindexedBlobs < IndexBlobLimit))
                {
                    return;
                }

                file = new IndexFile();
                var blobs = 0;
                while (_unindexed.Count > 0 && blobs < IndexBlobLimit)
                {
                    blobs += _unindexed[^1].Blobs.Count;
                    file.Packs.Add(_unindexed[^1]);
                    _unindexed.RemoveAt(_unindexed.Count - 1);
                }

                _unindexedBlobs -= blobs;
            }

            var id = await _repository.SaveJsonAsync(FileType.Index, file, cancellationToken);
            lock (_indexLock)
            {
                _writtenIndexFiles.Add(id);
            }
        }
    }

    private static IndexPack ToIndexPack(SealedPack pack) => new()
    {
        Id = pack.Id,
        Blobs = pack.Blobs.Select(b => new IndexBlob
        {
            Id = b.Id,
            Type = b.Type == BlobType.Tree ? "tree" : "data",
            Offset = b.Offset,
            Length = b.Length,
            UncompressedLength = b.UncompressedLength,
        }).ToList(),
    };

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw failure as LifeboatException ?? new StorageException($"storing a pack failed: {failure.Message}", failure);
        }
    }
}
