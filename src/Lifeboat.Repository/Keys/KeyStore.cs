using System.Text.Json;
using Lifeboat.Repository.Crypto;
using Lifeboat.Storage;

namespace Lifeboat.Repository.Keys;

/// <summary>
/// The repository's key files: each holds the master key encrypted with a key derived from one
/// password. Adding a key never touches the data; removing one never removes the last.
/// </summary>
public static class KeyStore
{
    /// <summary>A key file and its id.</summary>
    public sealed record Entry(Id Id, KeyFile File);

    public static async Task<List<Entry>> ListAsync(IBackend backend, CancellationToken cancellationToken = default)
    {
        var entries = new List<Entry>();
        await foreach (var info in backend.ListAsync(FileType.Key, cancellationToken))
        {
            var bytes = await backend.LoadAsync(new BackendFile(FileType.Key, info.Name), cancellationToken);
            try
            {
                entries.Add(new Entry(Id.Parse(info.Name), KeyFile.Parse(bytes)));
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                throw new IntegrityException($"keys/{info.Name} is not a valid key file: {ex.Message}", ex);
            }
        }

        return entries.OrderBy(e => e.File.Created).ToList();
    }

    /// <summary>Stores a new key file for <paramref name="master"/> protected by <paramref name="password"/>.</summary>
    public static async Task<Id> AddAsync(IBackend backend, CryptoKey master, string password, KdfParameters? parameters = null, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        if (password.Length == 0)
        {
            throw new UsageException("an empty password is not allowed");
        }

        var keyFile = KeyFile.Create(password, master, parameters ?? KdfParameters.Default, Environment.UserName, HostName.Current, clock ?? TimeProvider.System);
        var bytes = keyFile.ToJson();
        var id = Id.Hash(bytes);
        await backend.SaveAsync(new BackendFile(FileType.Key, id.ToString()), bytes, cancellationToken);
        return id;
    }

    /// <summary>Removes a key file; refuses to remove the key in use or the last key.</summary>
    public static async Task RemoveAsync(IBackend backend, Id id, Id currentKey, CancellationToken cancellationToken = default)
    {
        if (id == currentKey)
        {
            throw new UsageException("refusing to remove the key this password opened; use another password to remove it");
        }

        var keys = await ListAsync(backend, cancellationToken);
        if (keys.All(k => k.Id != id))
        {
            throw new RepositoryException($"no key {id.ToShortString()} in the repository");
        }

        if (keys.Count < 2)
        {
            throw new RepositoryException("refusing to remove the last key");
        }

        await backend.RemoveAsync(new BackendFile(FileType.Key, id.ToString()), cancellationToken);
    }
}
