using Lifeboat.Repository.Crypto;

namespace Lifeboat.Repository.Tests.Crypto;

/// <summary>
/// Two empty repositories made by "restic init", format version 1 and 2, in one temporary directory,
/// and their master keys opened once with <see cref="KeyFile.TryOpen"/> (scrypt with restic's own
/// parameters is the slow part of these tests).
/// </summary>
public sealed class ResticRepositories : IAsyncLifetime
{
    public const string Password = "Lifeboat ⚓ pässwörd";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("lifeboat-crypto-");

    public string Version1 => Path.Combine(_root.FullName, "v1");

    public string Version2 => Path.Combine(_root.FullName, "v2");

    public string Root => _root.FullName;

    /// <summary>The master key of <see cref="Version1"/>, or null when its key file did not open.</summary>
    public CryptoKey? MasterVersion1 { get; private set; }

    public CryptoKey? MasterVersion2 { get; private set; }

    public async Task InitializeAsync()
    {
        var results = await Task.WhenAll(
            ResticCli.RunAsync(Password, null, "init", "--repo", Version1, "--repository-version", "1"),
            ResticCli.RunAsync(Password, null, "init", "--repo", Version2, "--repository-version", "2"));
        foreach (var (exitCode, _, error) in results)
        {
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"restic init failed ({exitCode}): {error}");
            }
        }

        var masters = await Task.WhenAll(Task.Run(() => Open(Version1)), Task.Run(() => Open(Version2)));
        (MasterVersion1, MasterVersion2) = (masters[0], masters[1]);
    }

    /// <summary>The one key file restic wrote into <paramref name="repository"/>.</summary>
    public static string KeyPath(string repository) => Directory.GetFiles(Path.Combine(repository, "keys")).Single();

    public Task DisposeAsync()
    {
        MasterVersion1?.Dispose();
        MasterVersion2?.Dispose();
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>A copy of a repository under the same root, for a test that changes files.</summary>
    public string Copy(string repository, string name)
    {
        var target = Path.Combine(Root, name);
        foreach (var file in Directory.EnumerateFiles(repository, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(repository, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        foreach (var directory in Directory.EnumerateDirectories(repository, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(repository, directory)));
        }

        return target;
    }

    private static CryptoKey? Open(string repository) =>
        KeyFile.Parse(File.ReadAllBytes(KeyPath(repository))).TryOpen(Password, out var master) ? master : null;
}
