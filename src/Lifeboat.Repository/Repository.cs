using System.Security.Cryptography;
using System.Text.Json;
using Lifeboat.Repository.Compression;
using Lifeboat.Repository.Crypto;
using Lifeboat.Repository.Index;
using Lifeboat.Repository.Packs;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Repository.Trees;
using Lifeboat.Storage;

namespace Lifeboat.Repository;

/// <summary>
/// An open restic repository: the backend, the decrypted master key, the config and (once loaded) the
/// index. Every byte read is verified before use: file names against the SHA-256 of their content,
/// ciphertexts against their MAC, blobs against their id.
/// </summary>
/// <remarks>Thread-safe: loads may run concurrently.</remarks>
public sealed class Repository : IAsyncDisposable
{
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = RepositoryJsonContext.Resolver,
    };

    private Repository(IBackend backend, RepositoryConfig config, CryptoKey key, Id keyId)
    {
        Backend = backend;
        Config = config;
        Key = key;
        KeyId = keyId;
    }

    public IBackend Backend { get; }

    public RepositoryConfig Config { get; }

    /// <summary>Repository format version (1 or 2).</summary>
    public int Version => Config.Version;

    public CryptoKey Key { get; }

    /// <summary>The key file the password opened.</summary>
    public Id KeyId { get; }

    /// <summary>The index as last loaded (replaced as a whole by <see cref="ReloadIndexAsync"/>).</summary>
    public MasterIndex Index { get; private set; } = new();

    /// <summary>True once an index has been loaded.</summary>
    public bool IndexLoaded { get; private set; }

    /// <summary>Opens a repository with a password.</summary>
    /// <exception cref="RepositoryException">
    /// No repository at the location, no key matches the password, or an unsupported version.
    /// </exception>
    public static async Task<Repository> OpenAsync(IBackend backend, string password, CancellationToken cancellationToken = default)
    {
        byte[] rawConfig;
        try
        {
            rawConfig = await backend.LoadAsync(BackendFile.Config, cancellationToken);
        }
        catch (NotFoundException)
        {
            throw new RepositoryException($"there is no repository at {backend.Location} (no config file)")
            {
                Hint = "create one with 'lifeboat repo init', or check the repository path",
            };
        }

        var (key, keyId) = await OpenKeyAsync(backend, password, cancellationToken);

        // Key derivation needed tens of MiB of scratch memory once; hand it back to the system now
        // rather than carrying it through the whole backup or restore.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        RepositoryConfig config;
        try
        {
            var plaintext = key.Decrypt(rawConfig);
            config = JsonSerializer.Deserialize<RepositoryConfig>(UnpackedFormat.Decode(plaintext), JsonOptions)
                ?? throw new FormatException("config is null");
        }
        catch (IntegrityException)
        {
            throw new IntegrityException($"config of {backend.Location} is damaged: ciphertext verification failed");
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new IntegrityException($"config of {backend.Location} is not valid: {ex.Message}", ex);
        }

        if (config.Version is not (1 or 2))
        {
            throw new RepositoryException($"unsupported repository version {config.Version} (this Lifeboat reads versions 1 and 2)");
        }

        return new Repository(backend, config, key, keyId);
    }

    private static async Task<(CryptoKey Key, Id KeyId)> OpenKeyAsync(IBackend backend, string password, CancellationToken cancellationToken)
    {
        var keys = await backend.ListAsync(FileType.Key, cancellationToken).ToListAsync(cancellationToken);
        if (keys.Count == 0)
        {
            throw new RepositoryException($"the repository at {backend.Location} has no key files");
        }

        var damaged = new List<string>();
        foreach (var info in keys)
        {
            var file = new BackendFile(FileType.Key, info.Name);
            var bytes = await backend.LoadAsync(file, cancellationToken);

            // A key file is named by the SHA-256 of its content: a mismatch tells damage from a wrong password.
            if (!Id.TryParse(info.Name, out var name) || Id.Hash(bytes) != name)
            {
                damaged.Add(file.ToString());
            }

            KeyFile? keyFile;
            try
            {
                keyFile = JsonSerializer.Deserialize<KeyFile>(bytes, JsonOptions);
            }
            catch (JsonException)
            {
                continue; // a damaged key file cannot be this password's key; others may be
            }

            if (keyFile is not null && keyFile.TryOpen(password, out var key))
            {
                return (key, Id.Parse(info.Name));
            }
        }

        if (damaged.Count > 0)
        {
            throw new IntegrityException(
                $"no key matches this password, and {string.Join(", ", damaged)} {(damaged.Count == 1 ? "is" : "are")} damaged (content does not match the name)")
            {
                Hint = "the password may be right: restore the damaged key file from a copy of the repository, or use another key's password",
            };
        }

        throw new RepositoryException("no key matches this password")
        {
            Hint = "check the password (LIFEBOAT_PASSWORD, --password-file, --password-command)",
        };
    }

    /// <summary>Loads every index file into <see cref="Index"/>, skipping superseded ones.</summary>
    public async Task LoadIndexAsync(CancellationToken cancellationToken = default)
    {
        await LoadIndexIntoAsync(Index, cancellationToken);
        IndexLoaded = true;
    }

    /// <summary>
    /// Loads the index afresh and replaces <see cref="Index"/> with it. Call it after taking a lock:
    /// an index loaded before may still list packs that a prune deleted in between.
    /// </summary>
    public async Task ReloadIndexAsync(CancellationToken cancellationToken = default)
    {
        var fresh = new MasterIndex();
        await LoadIndexIntoAsync(fresh, cancellationToken);
        Index = fresh;
        IndexLoaded = true;
    }

    /// <summary>Loads the index unless it was loaded already (for reading).</summary>
    public Task EnsureIndexAsync(CancellationToken cancellationToken = default) =>
        IndexLoaded ? Task.CompletedTask : ReloadIndexAsync(cancellationToken);

    private async Task LoadIndexIntoAsync(MasterIndex index, CancellationToken cancellationToken)
    {
        var ids = await ListIdsAsync(FileType.Index, cancellationToken);
        var files = new IndexFile[ids.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, ids.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Backend.Capabilities.Connections, CancellationToken = cancellationToken },
            async (i, ct) => files[i] = await LoadJsonAsync<IndexFile>(FileType.Index, ids[i], ct));

        var superseded = new HashSet<Id>();
        foreach (var file in files)
        {
            foreach (var id in file.Supersedes ?? [])
            {
                superseded.Add(id);
            }
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (!superseded.Contains(ids[i]))
            {
                index.AddIndexFile(files[i]);
            }
        }
    }

    /// <summary>Every file id of a type.</summary>
    public async Task<List<Id>> ListIdsAsync(FileType type, CancellationToken cancellationToken = default)
    {
        var ids = new List<Id>();
        await foreach (var info in Backend.ListAsync(type, cancellationToken))
        {
            ids.Add(Id.Parse(info.Name));
        }

        return ids;
    }

    /// <summary>
    /// Loads an index, snapshot or lock file: checks the name against the content's hash, verifies and
    /// decrypts, and undoes the version 2 encoding. Returns the JSON bytes.
    /// </summary>
    /// <exception cref="IntegrityException">The file is damaged.</exception>
    public async Task<byte[]> LoadFileAsync(FileType type, Id id, CancellationToken cancellationToken = default)
    {
        var file = new BackendFile(type, id.ToString());
        var raw = await Backend.LoadAsync(file, cancellationToken);
        if (Id.Hash(raw) != id)
        {
            throw new IntegrityException($"{file} is damaged: its content does not match its name (SHA-256)");
        }

        try
        {
            return UnpackedFormat.Decode(Key.Decrypt(raw));
        }
        catch (IntegrityException)
        {
            throw new IntegrityException($"{file} is damaged: ciphertext verification failed");
        }
        catch (FormatException ex)
        {
            throw new IntegrityException($"{file} is damaged: {ex.Message}", ex);
        }
    }

    public async Task<T> LoadJsonAsync<T>(FileType type, Id id, CancellationToken cancellationToken = default)
    {
        var json = await LoadFileAsync(type, id, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<T>(json, JsonOptions) ?? throw new JsonException("null document");
        }
        catch (JsonException ex)
        {
            throw new IntegrityException($"{new BackendFile(type, id.ToString())} is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>Encrypts and stores an index, snapshot or lock file; returns its id.</summary>
    public async Task<Id> SaveFileAsync(FileType type, ReadOnlyMemory<byte> json, CancellationToken cancellationToken = default)
    {
        var plaintext = UnpackedFormat.Encode(json.Span, Version);
        var box = new byte[CryptoKey.CiphertextLength(plaintext.Length)];
        Key.Encrypt(plaintext, box);
        var id = Id.Hash(box);
        await Backend.SaveAsync(new BackendFile(type, id.ToString()), box, cancellationToken);
        return id;
    }

    public Task<Id> SaveJsonAsync<T>(FileType type, T value, CancellationToken cancellationToken = default) =>
        SaveFileAsync(type, JsonSerializer.SerializeToUtf8Bytes(value, JsonOptions), cancellationToken);

    /// <summary>Loads a blob's plaintext through the index, verified against its id.</summary>
    /// <exception cref="RepositoryException">The blob is not in the index.</exception>
    /// <exception cref="IntegrityException">The blob is damaged.</exception>
    public async Task<byte[]> LoadBlobAsync(BlobType type, Id id, CancellationToken cancellationToken = default)
    {
        var (packId, blob) = Locate(type, id);
        var plaintext = new byte[blob.PlaintextLength];
        await ReadBlobAsync(packId, blob, plaintext, cancellationToken);
        return plaintext;
    }

    /// <summary>
    /// As <see cref="LoadBlobAsync"/>, into a buffer rented from the blob buffer pool: the plaintext is its
    /// first <c>Length</c> bytes; give the buffer back with <see cref="BlobBuffers.Return"/>.
    /// </summary>
    internal async Task<(byte[] Buffer, int Length)> LoadBlobPooledAsync(BlobType type, Id id, CancellationToken cancellationToken = default)
    {
        var (packId, blob) = Locate(type, id);
        var length = (int)blob.PlaintextLength;
        var buffer = BlobBuffers.Rent(length);
        try
        {
            await ReadBlobAsync(packId, blob, buffer.AsMemory(0, length), cancellationToken);
            return (buffer, length);
        }
        catch
        {
            BlobBuffers.Return(buffer);
            throw;
        }
    }

    private (Id PackId, PackedBlob Blob) Locate(BlobType type, Id id) =>
        Index.TryGet(type, id, out var packId, out var blob)
            ? (packId, blob)
            : throw new RepositoryException($"{type.ToString().ToLowerInvariant()} blob {id} is not in the index");

    // Reads the blob's encrypted bytes (into a pooled buffer) and decodes them into destination.
    private async Task ReadBlobAsync(Id packId, PackedBlob blob, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var length = (int)blob.Length;
        var encrypted = BlobBuffers.Rent(length);
        try
        {
            await Backend.ReadAtAsync(new BackendFile(FileType.Pack, packId.ToString()), blob.Offset, encrypted.AsMemory(0, length), cancellationToken);
            DecodeBlobInPlace(encrypted.AsSpan(0, length), blob, packId, destination.Span);
        }
        finally
        {
            BlobBuffers.Return(encrypted);
        }
    }

    /// <summary>
    /// Decrypts, decompresses and verifies one blob read from a pack into <paramref name="destination"/>
    /// (exactly <see cref="PackedBlob.PlaintextLength"/> bytes). Nothing unverified is left in it on failure.
    /// </summary>
    public void DecodeBlob(ReadOnlySpan<byte> encrypted, PackedBlob blob, Id packId, Span<byte> destination) =>
        DecodeBlob(encrypted, blob, packId, destination, default);

    /// <summary>
    /// As <see cref="DecodeBlob(ReadOnlySpan{byte}, PackedBlob, Id, Span{byte})"/>, but a compressed blob
    /// is decrypted inside <paramref name="encrypted"/> (its bytes are overwritten) instead of into a
    /// buffer of its own. <paramref name="destination"/> may be <paramref name="encrypted"/> after its
    /// first <see cref="CryptoKey.IvSize"/> bytes when the blob is not compressed: decrypted in place.
    /// </summary>
    internal void DecodeBlobInPlace(Span<byte> encrypted, PackedBlob blob, Id packId, Span<byte> destination) =>
        DecodeBlob(encrypted, blob, packId, destination, blob.IsCompressed && encrypted.Length >= CryptoKey.Overhead ? encrypted[CryptoKey.IvSize..^CryptoKey.MacSize] : default);

    /// <summary>
    /// As <see cref="DecodeBlobInPlace(Span{byte}, PackedBlob, Id, Span{byte})"/>, choosing where the
    /// plaintext goes: an uncompressed blob is decrypted where it lies (the returned span is inside
    /// <paramref name="encrypted"/>), a compressed one into a buffer from <see cref="BlobBuffers"/> that
    /// <paramref name="rented"/> names, for the caller to give back. Nothing is rented when it throws.
    /// </summary>
    internal Span<byte> DecodeBlobInPlace(Span<byte> encrypted, PackedBlob blob, Id packId, out byte[]? rented)
    {
        var length = (int)blob.PlaintextLength;
        var buffer = !blob.IsCompressed && encrypted.Length == length + CryptoKey.Overhead ? null : BlobBuffers.Rent(length);
        var plaintext = buffer is null ? encrypted.Slice(CryptoKey.IvSize, length) : buffer.AsSpan(0, length);
        try
        {
            DecodeBlobInPlace(encrypted, blob, packId, plaintext);
        }
        catch
        {
            if (buffer is not null)
            {
                BlobBuffers.Return(buffer);
            }

            throw;
        }

        rented = buffer;
        return plaintext;
    }

    // A compressed blob is decrypted into decrypted when it is given, else into a pooled buffer.
    private void DecodeBlob(ReadOnlySpan<byte> encrypted, PackedBlob blob, Id packId, Span<byte> destination, Span<byte> decrypted)
    {
        byte[]? rented = null;
        try
        {
            if (!blob.IsCompressed)
            {
                if (Key.Decrypt(encrypted, destination) != destination.Length)
                {
                    throw new FormatException("length differs from the index");
                }
            }
            else
            {
                if (decrypted.IsEmpty)
                {
                    rented = BlobBuffers.Rent(encrypted.Length);
                    decrypted = rented;
                }

                var length = Key.Decrypt(encrypted, decrypted);
                if (Zstd.Decompress(decrypted[..length], destination) != destination.Length)
                {
                    throw new FormatException("length differs from the index");
                }
            }

            Span<byte> hash = stackalloc byte[Id.Size];
            SHA256.HashData(destination, hash);
            if (new Id(hash) != blob.Id)
            {
                throw new FormatException("content does not match its id (SHA-256)");
            }
        }
        catch (Exception ex) when (ex is IntegrityException or FormatException)
        {
            destination.Clear();
            var reason = ex is IntegrityException ? "ciphertext verification failed" : ex.Message;
            throw new IntegrityException($"{blob.Type.ToString().ToLowerInvariant()} blob {blob.Id} in pack {packId} is damaged: {reason}", ex);
        }
        finally
        {
            if (rented is not null)
            {
                BlobBuffers.Return(rented);
            }
        }
    }

    public async Task<Tree> LoadTreeAsync(Id id, CancellationToken cancellationToken = default)
    {
        var json = await LoadBlobAsync(BlobType.Tree, id, cancellationToken);
        try
        {
            return TreeCodec.Decode(json);
        }
        catch (FormatException ex)
        {
            throw new IntegrityException($"tree {id} is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>Loads every snapshot. Damaged snapshot files are reported through <paramref name="onError"/> and skipped.</summary>
    public async Task<List<Snapshot>> LoadSnapshotsAsync(Action<Id, Exception>? onError = null, CancellationToken cancellationToken = default)
    {
        var ids = await ListIdsAsync(FileType.Snapshot, cancellationToken);
        var snapshots = new Snapshot?[ids.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, ids.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Backend.Capabilities.Connections, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                try
                {
                    var snapshot = await LoadJsonAsync<Snapshot>(FileType.Snapshot, ids[i], ct);
                    snapshot.Id = ids[i];
                    snapshots[i] = snapshot;
                }
                catch (RepositoryException ex) when (onError is not null)
                {
                    onError(ids[i], ex);
                }
            });

        return snapshots.OfType<Snapshot>().OrderBy(s => s.Time).ThenBy(s => s.Id).ToList();
    }

    /// <summary>Resolves a full id or a unique prefix of a file of <paramref name="type"/>.</summary>
    /// <exception cref="RepositoryException">No file or several files match.</exception>
    public async Task<Id> ResolvePrefixAsync(FileType type, string prefix, CancellationToken cancellationToken = default)
    {
        if (Id.TryParse(prefix, out var full))
        {
            return full;
        }

        var lower = prefix.ToLowerInvariant();
        var matches = (await ListIdsAsync(type, cancellationToken)).Where(id => id.ToString().StartsWith(lower, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new RepositoryException($"no {Describe(type)} matches '{prefix}'"),
            _ => throw new RepositoryException($"'{prefix}' matches {matches.Count} {Describe(type)}s; give more digits"),
        };
    }

    public ValueTask DisposeAsync() => Backend.DisposeAsync();

    private static string Describe(FileType type) => type.ToString().ToLowerInvariant();
}
