using System.Text.Json.Nodes;
using Lifeboat.Repository;
using Lifeboat.Repository.Archiver;
using Lifeboat.Repository.Crypto;
using Lifeboat.Repository.Snapshots;
using Lifeboat.Storage;
using Lifeboat.Storage.Local;
using ResticRepository = Lifeboat.Repository.Repository;

namespace Lifeboat.Sources.Tests.Conformance;

/// <summary>
/// A real repository in a test directory and the orchestrator's part around a source: capture, archive
/// into a snapshot, read the snapshot back, and build restore contexts.
/// </summary>
public sealed class SnapshotHarness : IAsyncDisposable
{
    public const string Service = "svc";
    private const string Password = "repository-password";
    private readonly string _directory;
    private int _scratchCount;

    private SnapshotHarness(string directory, ResticRepository repository)
    {
        _directory = directory;
        Repository = repository;
    }

    public ResticRepository Repository { get; }

    /// <summary>Every line the sources logged during restores.</summary>
    public List<string> Log { get; } = [];

    public static async Task<SnapshotHarness> CreateAsync(string directory)
    {
        var backend = new LocalBackend(Path.Combine(directory, "repository"));
        var repository = await RepositoryInitializer.InitAsync(backend, Password, kdf: new KdfParameters(1024, 8, 1));
        return new SnapshotHarness(directory, repository);
    }

    /// <summary>Captures <paramref name="source"/> and writes the snapshot, as a backup does (cleanup included).</summary>
    public async Task<CapturedSnapshot> CaptureAsync(IDataSource source)
    {
        var scratch = NewScratchDirectory("capture");
        var capture = await source.CaptureAsync(new SourceCaptureContext([Service, source.Config.Name], scratch));
        BackupSummary summary;
        try
        {
            var options = new BackupOptions { SnapshotPaths = [Service], Hostname = "test", Readers = 2, Encoders = 2 };
            summary = await new Archiver(Repository, options).BackupAsync(capture.Items);
        }
        finally
        {
            if (capture.CleanupAsync is not null)
            {
                await capture.CleanupAsync();
            }

            Directory.Delete(scratch, recursive: true);
        }

        var id = summary.SnapshotId!.Value;
        var snapshot = await Repository.LoadJsonAsync<Snapshot>(FileType.Snapshot, id);
        snapshot.Id = id;
        var description = JsonNode.Parse(capture.Description.ToJsonString())!.AsObject();
        return new CapturedSnapshot(new SnapshotReader(Repository, snapshot), $"{Service}/{source.Config.Name}", description, summary);
    }

    public SourceRestoreContext RestoreContext(CapturedSnapshot snapshot, RestoreTarget target) =>
        new(snapshot.Reader, snapshot.Path, snapshot.Description, target)
        {
            ScratchDirectory = NewScratchDirectory("restore"),
            Log = line =>
            {
                lock (Log)
                {
                    Log.Add(line);
                }
            },
        };

    /// <summary>A scratch target below the test directory, with a fresh suffix.</summary>
    public RestoreTarget.Scratch ScratchTarget() =>
        new(NewScratchDirectory("drill"), Guid.NewGuid().ToString("N")[..8]);

    public async Task<int> SnapshotCountAsync() => (await Repository.ListIdsAsync(FileType.Snapshot)).Count;

    public ValueTask DisposeAsync() => Repository.DisposeAsync();

    private string NewScratchDirectory(string purpose)
    {
        var path = Path.Combine(_directory, $"{purpose}-{Interlocked.Increment(ref _scratchCount)}");
        Directory.CreateDirectory(path);
        return path;
    }
}
