using Lifeboat.Repository;
using Lifeboat.Repository.Crypto;
using Lifeboat.Storage.Local;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// Cheap repositories for the maintenance tests. Lifeboat-made ones are initialised by the engine with
/// scrypt N=1024, r=8, p=1 (restic opens any parameters), so neither side spends seconds on key
/// derivation. restic-made ones start from a committed skeleton (a version 2 config and one key made by
/// <c>restic init</c>, re-encrypted with the same cheap parameters; the same trick as the forget
/// tests' ResticHistoryFixture), because restic 0.14 has no flag to lower its calibration. Every
/// skeleton shares its config id and chunker polynomial. A test repository only; the password protects nothing.
/// </summary>
internal static class TestRepositories
{
    public const string Password = "lifeboat-test";

    public static readonly KdfParameters CheapKdf = new(1024, 8, 1);

    private const string SkeletonConfigBase64 =
        "phZEMTBHTnPP2ycix/SkhbANnZ73XREnzla1SbKuI57JhHga4YimDzhuLJCjGA3sDhf++aUCfXnHDigxd9JGTDvqe3uvjKuumV5Gb/kdDNWc"
        + "pHkRRlHchveJ2aCG3ogIZjX9ZKYcjwBz3Wa0ADAFCC2ve8iv0p961EopbIHld5+ArMzUFVw4916zyrqQg87dNoPEA+R50W76z8M=";

    private const string SkeletonKeyName = "0aa8347a6a0d57b7818f0a7b6dd4335aa8c957d3ff430ee29c810c8dd5b69f6f";

    private const string SkeletonKey =
        """{"created":"2024-01-01T00:00:00Z","username":"lifeboat","hostname":"lifeboat-test","kdf":"scrypt","N":1024,"r":8,"p":1,"salt":"lrCrKzvmlMXsR3nDih+YnCF+dX4c4hD5ycgMqz9iulvi3o5Cqj3ArSyYnufUySTB80EevdweTrd+Dg6KE+BNyw==","data":"XUodEm+OZt2l5bvKuT0/dxkcEHRcHEpCyPM7h6JI0D344CmfB1Qzr+yor+we8qg3j4/kjd09yZxTHzsYFCzTD39+8aNlzzJuKS2mpVRY8ABIazdbClpLO61CQ8VUTI3usbCnoyXXab/O0v/H4iAQhysZJkkYTNlXrzUXC9ME6hkrtOf6GXnw9Njn54xmbK3CLJ9FC5SbGUAQIEPU4CmiEg=="}""";

    /// <summary>A new, empty Lifeboat-made repository (format version 2, random polynomial), opened.</summary>
    public static Task<Repository.Repository> CreateLifeboatAsync(string path) =>
        RepositoryInitializer.InitAsync(new LocalBackend(path), Password, 2, CheapKdf);

    /// <summary>The config and key of a restic-made repository: restic fills in the rest on its first write.</summary>
    public static void CreateResticSkeleton(string path)
    {
        Directory.CreateDirectory(Path.Combine(path, "keys"));
        File.WriteAllBytes(Path.Combine(path, "config"), Convert.FromBase64String(SkeletonConfigBase64));
        File.WriteAllText(Path.Combine(path, "keys", SkeletonKeyName), SkeletonKey);
    }

    /// <summary>Opens a repository with the engine, its index loaded.</summary>
    public static async Task<Repository.Repository> OpenAsync(string path, bool loadIndex = true)
    {
        var repository = await Repository.Repository.OpenAsync(new LocalBackend(path), Password);
        if (loadIndex)
        {
            await repository.LoadIndexAsync();
        }

        return repository;
    }

    /// <summary>Copies a repository (or any tree) with file modes and modification times.</summary>
    public static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            File.Copy(file, copy);
            File.SetLastWriteTimeUtc(copy, File.GetLastWriteTimeUtc(file));
        }
    }

    /// <summary>
    /// The repository's files (relative paths, "data/ab/abcd…"), without locks and temporary files:
    /// what a refused or dry-run operation must leave exactly as it was.
    /// </summary>
    public static SortedSet<string> ListFiles(string repository) =>
        new(Directory.EnumerateFiles(repository, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(repository, f))
            .Where(f => !f.StartsWith("locks/", StringComparison.Ordinal) && !f.StartsWith("tmp/", StringComparison.Ordinal)),
            StringComparer.Ordinal);

    /// <summary>The ids of the files in one directory of a repository ("snapshots", "index", "data").</summary>
    public static SortedSet<string> Ids(string repository, string directory) =>
        new(Directory.Exists(Path.Combine(repository, directory))
            ? Directory.EnumerateFiles(Path.Combine(repository, directory), "*", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>()
            : [],
            StringComparer.Ordinal);

    /// <summary>Total bytes of the repository's packs.</summary>
    public static long PackBytes(string repository) =>
        Directory.EnumerateFiles(Path.Combine(repository, "data"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    /// <summary>The path of a pack file.</summary>
    public static string PackPath(string repository, string packId) => Path.Combine(repository, "data", packId[..2], packId);
}
