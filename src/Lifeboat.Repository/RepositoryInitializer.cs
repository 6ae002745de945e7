using System.Security.Cryptography;
using Lifeboat.Repository.Chunking;
using Lifeboat.Repository.Crypto;
using Lifeboat.Repository.Keys;
using Lifeboat.Storage;

namespace Lifeboat.Repository;

/// <summary>Creates new repositories, as <c>restic init</c> does.</summary>
public static class RepositoryInitializer
{
    /// <summary>
    /// Creates a repository: the layout, a new random master key stored under <paramref name="password"/>,
    /// and a config with a random id and chunker polynomial (or <paramref name="polynomial"/>, to share
    /// deduplication with another repository).
    /// </summary>
    /// <exception cref="RepositoryException">A repository already exists there.</exception>
    public static async Task<Repository> InitAsync(
        IBackend backend,
        string password,
        int version = 2,
        KdfParameters? kdf = null,
        Polynomial? polynomial = null,
        CancellationToken cancellationToken = default)
    {
        if (version is not (1 or 2))
        {
            throw new UsageException($"repository version {version} is not supported (1 or 2)");
        }

        try
        {
            await backend.StatAsync(BackendFile.Config, cancellationToken);
            throw new RepositoryException($"a repository already exists at {backend.Location}");
        }
        catch (NotFoundException)
        {
            // as it should be
        }

        await backend.CreateLayoutAsync(cancellationToken);
        if (await backend.ListAsync(FileType.Key, cancellationToken).AnyAsync(cancellationToken))
        {
            throw new RepositoryException($"{backend.Location} already has key files; refusing to initialise over them");
        }

        var master = CryptoKey.NewRandom();
        await KeyStore.AddAsync(backend, master, password, kdf, cancellationToken: cancellationToken);

        var config = new RepositoryConfig
        {
            Version = version,
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            ChunkerPolynomial = (polynomial ?? Polynomial.Random()).ToString(),
        };
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(config);
        var box = master.Encrypt(json); // the config is never compressed: its version says whether others are
        await backend.SaveAsync(BackendFile.Config, box, cancellationToken);

        return await Repository.OpenAsync(backend, password, cancellationToken);
    }
}
