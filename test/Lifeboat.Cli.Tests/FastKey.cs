using Lifeboat.Repository;
using Lifeboat.Repository.Crypto;
using Lifeboat.Repository.Keys;
using Lifeboat.Storage;
using Lifeboat.Storage.Local;

namespace Lifeboat.Cli.Tests;

/// <summary>
/// Replaces a repository's key files by one with cheap scrypt parameters (N=1024, r=8, p=1), protecting
/// the same master key with the same password. Every later restic and Lifeboat command then opens the
/// repository in milliseconds instead of a second of key derivation (several in a Debug build), which is
/// most of the cost of a short command. Opening keys made with the usual parameters is tested elsewhere
/// (the engine's restore tests open restic's keys; the write tests open the key 'lifeboat repo init' made).
/// </summary>
public static class FastKey
{
    public static readonly KdfParameters Parameters = new(1024, 8, 1);

    /// <summary>A new, empty version 2 repository (as 'lifeboat repo init' makes it) with a cheap key.</summary>
    public static async Task InitAsync(string repositoryPath, string password)
    {
        await using var repository = await RepositoryInitializer.InitAsync(new LocalBackend(repositoryPath), password, version: 2, kdf: Parameters);
    }

    public static async Task ReplaceAsync(string repositoryPath, string password)
    {
        await using var repository = await Repository.Repository.OpenAsync(new LocalBackend(repositoryPath), password);
        var old = await KeyStore.ListAsync(repository.Backend);
        await KeyStore.AddAsync(repository.Backend, repository.Key, password, Parameters);
        foreach (var key in old)
        {
            await repository.Backend.RemoveAsync(new BackendFile(FileType.Key, key.Id.ToString()));
        }
    }
}
