using Lifeboat.Repository.Snapshots;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// One Lifeboat-made repository with 24 daily snapshots of a changing corpus (about 5 MiB at first,
/// files added, modified, deleted and duplicated every day), made once for the prune tests, and a copy
/// of it in which every other snapshot is forgotten. Tests copy a template before changing anything.
/// </summary>
public sealed class PruneHistoryFixture : IAsyncLifetime
{
    public const int Backups = 24;

    private readonly TempDirectory _root = new("prune");

    public string CorpusPath => _root.Combine("corpus");

    /// <summary>All 24 snapshots.</summary>
    public string History => _root.Combine("history");

    /// <summary>The history with every other snapshot forgotten (removed), not yet pruned.</summary>
    public string Forgotten => _root.Combine("forgotten");

    /// <summary>Snapshot id → the corpus as it was backed up (relative path → SHA-256).</summary>
    public Dictionary<string, SortedDictionary<string, string>> States { get; } = [];

    /// <summary>Ids of the snapshots left in <see cref="Forgotten"/>, oldest first.</summary>
    public List<string> Kept { get; } = [];

    /// <summary>The digests of the snapshots left in <see cref="Forgotten"/>, read before any prune.</summary>
    public SortedDictionary<string, string> KeptDigests { get; private set; } = [];

    /// <summary>The directory the corpus was backed up from, as restic restores it below a target.</summary>
    public string RestoredCorpus(string target) => Path.Combine(target, CorpusPath.TrimStart('/'));

    public TempDirectory NewDirectory(string purpose) => new(purpose);

    public async Task InitializeAsync()
    {
        var corpus = new Corpus(CorpusPath, seed: 20261123);
        corpus.Create();
        var start = new DateTimeOffset(2026, 1, 1, 3, 0, 0, TimeSpan.Zero);
        var snapshots = new List<Snapshot>();
        await using (var repository = await TestRepositories.CreateLifeboatAsync(History))
        {
            Snapshot? parent = null;
            for (var day = 0; day < Backups; day++)
            {
                if (day > 0)
                {
                    corpus.Change();
                }

                parent = await EngineBackup.RunAsync(repository, CorpusPath, start.AddDays(day), parent);
                snapshots.Add(parent);
                States[parent.Id.ToString()] = Corpus.State(CorpusPath);
            }
        }

        TestRepositories.CopyDirectory(History, Forgotten);
        for (var i = 0; i < snapshots.Count; i++)
        {
            var id = snapshots[i].Id.ToString();
            if (i % 2 == 1)
            {
                File.Delete(Path.Combine(Forgotten, "snapshots", id));
            }
            else
            {
                Kept.Add(id);
            }
        }

        await using (var repository = await TestRepositories.OpenAsync(Forgotten))
        {
            KeptDigests = await SnapshotDigests.OfAllAsync(repository);
        }
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }
}
