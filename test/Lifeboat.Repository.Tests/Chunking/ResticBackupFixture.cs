using System.Text.Json;
using Lifeboat.Repository.Chunking;

namespace Lifeboat.Repository.Tests.Chunking;

/// <summary>
/// A restic repository in a temporary directory holding one snapshot of a directory of test files,
/// made once for all the oracle tests: restic's polynomial and, per file, the ids of its data blobs.
/// </summary>
public sealed class ResticBackupFixture : IAsyncLifetime
{
    public const string RandomFile = "random.bin";
    public const string CompressibleFile = "compressible.bin";
    public const string SmallFile = "small.bin";
    public const string EmptyFile = "empty.bin";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "lifeboat-chunker-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, IReadOnlyList<string>> _content = [];

    public string DataDirectory => Path.Combine(_root, "data");

    public Polynomial Polynomial { get; private set; }

    public IReadOnlyList<string> ResticContent(string file) => _content[file];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        await File.WriteAllBytesAsync(Path.Combine(DataDirectory, RandomFile), TestData.RandomWithRepeats(megabytes: 48, seed: 11));
        await File.WriteAllBytesAsync(Path.Combine(DataDirectory, CompressibleFile), TestData.Compressible(seed: 12));
        await File.WriteAllBytesAsync(Path.Combine(DataDirectory, SmallFile), TestData.Random(300_000, seed: 13));
        await File.WriteAllBytesAsync(Path.Combine(DataDirectory, EmptyFile), []);

        var restic = new ResticCli(Path.Combine(_root, "repo"), "lifeboat-test");
        await restic.RunAsync(null, "init", "--repository-version", "2");

        using (var config = JsonDocument.Parse(await restic.RunAsync(null, "cat", "config")))
        {
            Polynomial = Polynomial.Parse(config.RootElement.GetProperty("chunker_polynomial").GetString()!);
        }

        // Backing up "." from inside the directory puts its files at the root of the snapshot's tree.
        await restic.RunAsync(DataDirectory, "backup", "--json", ".");
        string tree;
        using (var snapshots = JsonDocument.Parse(await restic.RunAsync(null, "snapshots", "--json")))
        {
            tree = snapshots.RootElement.EnumerateArray().Single().GetProperty("tree").GetString()!;
        }

        using var root = JsonDocument.Parse(await restic.RunAsync(null, "cat", "blob", tree));
        foreach (var node in root.RootElement.GetProperty("nodes").EnumerateArray())
        {
            var ids = new List<string>();
            if (node.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
            {
                ids.AddRange(content.EnumerateArray().Select(id => id.GetString()!));
            }

            _content[node.GetProperty("name").GetString()!] = ids;
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
