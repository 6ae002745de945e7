using System.Globalization;
using System.Text.Json;
using Lifeboat.Testing;
using Xunit.Abstractions;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// <c>lifeboat repo copy</c> from a restic-made repository into a Lifeboat-made one (another chunker
/// polynomial, another key): the copies restore exactly what was backed up, carry <c>original</c>,
/// pass <c>restic check --read-data</c>, and copying again adds nothing.
/// </summary>
public sealed class CopyCommandTests(CopyCommandTests.Repositories repositories, ITestOutputHelper output) : IClassFixture<CopyCommandTests.Repositories>
{
    [Fact]
    public void First_copy_copies_every_snapshot()
    {
        output.WriteLine(repositories.FirstCopy.ToString());
        Assert.Equal(3, repositories.FirstCopy.GetProperty("copied").GetArrayLength());
        Assert.Equal(0, repositories.FirstCopy.GetProperty("skipped").GetInt32());
        Assert.True(repositories.FirstCopy.GetProperty("bytes_stored").GetInt64() > 0);
    }

    [Fact]
    public async Task Copied_snapshots_restore_identically_and_carry_original()
    {
        using var restic = new ResticCli(repositories.Destination, TestRepositories.Password);
        using var snapshots = await restic.RunJsonDocumentAsync("snapshots");
        var copies = snapshots.RootElement.EnumerateArray()
            .Where(s => s.TryGetProperty("original", out _))
            .Select(s => (Id: s.GetProperty("id").GetString()!, Original: s.GetProperty("original").GetString()!))
            .ToList();
        Assert.Equal(repositories.States.Keys.Order(StringComparer.Ordinal), copies.Select(c => c.Original).Order(StringComparer.Ordinal));
        foreach (var (id, original) in copies)
        {
            using var target = new TempDirectory("copy-restore");
            await restic.RestoreAsync(id, target.Path);
            Assert.Equal(repositories.States[original], Corpus.State(Path.Combine(target.Path, repositories.CorpusPath.TrimStart('/'))));
        }
    }

    [Fact]
    public async Task Destination_passes_restic_check_read_data()
    {
        using var restic = new ResticCli(repositories.Destination, TestRepositories.Password);
        await restic.CheckAsync(readData: true);
    }

    [Fact]
    public async Task Copying_again_adds_nothing()
    {
        var files = TestRepositories.ListFiles(repositories.Destination);
        var summary = await repositories.CopyAsync();
        Assert.Equal(0, summary.GetProperty("copied").GetArrayLength());
        Assert.Equal(3, summary.GetProperty("skipped").GetInt32());
        Assert.Equal(0, summary.GetProperty("blobs_copied").GetInt64());
        Assert.Equal(0, summary.GetProperty("bytes_stored").GetInt64());
        Assert.Equal(files, TestRepositories.ListFiles(repositories.Destination));
    }

    [Fact]
    public async Task Damaged_source_blob_fails_the_copy_and_leaves_the_destination_valid()
    {
        using var directory = new TempDirectory("copy-damaged");
        var source = directory.Combine("source");
        var destination = directory.Combine("destination");
        TestRepositories.CopyDirectory(repositories.Source, source);
        var (pack, blobs) = await Damage.FindPackAsync(source, Repository.BlobType.Data);
        Damage.FlipBit(TestRepositories.PackPath(source, pack), blobs[0].Offset + 20);
        await (await TestRepositories.CreateLifeboatAsync(destination)).DisposeAsync();

        var result = await new LifeboatCli(destination, TestRepositories.Password)
            .RunAsync(["repo", "copy", "--from-repo", source], new ProcessOptions { Environment = new Dictionary<string, string?> { ["LIFEBOAT_FROM_PASSWORD"] = TestRepositories.Password } });
        output.WriteLine(result.StandardOutput + result.StandardError);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("damaged", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(TestRepositories.Ids(destination, "snapshots"));
        Assert.Empty(TestRepositories.Ids(destination, "locks"));
        using var restic = new ResticCli(destination, TestRepositories.Password);
        await restic.CheckAsync(readData: true);
    }

    /// <summary>
    /// A restic-made source with three snapshots of a changing corpus, and a Lifeboat-made destination
    /// holding a snapshot of its own (of the first state, so small files are shared), copied once.
    /// </summary>
    public sealed class Repositories : IAsyncLifetime
    {
        private readonly TempDirectory _root = new("copy");

        public string CorpusPath => _root.Combine("corpus");

        public string Source => _root.Combine("source");

        public string Destination => _root.Combine("destination");

        /// <summary>Source snapshot id → the corpus it holds.</summary>
        public Dictionary<string, SortedDictionary<string, string>> States { get; } = [];

        public JsonElement FirstCopy { get; private set; }

        public async Task InitializeAsync()
        {
            var corpus = new Corpus(CorpusPath, seed: 3);
            corpus.Create(small: true);
            TestRepositories.CreateResticSkeleton(Source);
            using var restic = new ResticCli(Source, TestRepositories.Password);
            await using (var destination = await TestRepositories.CreateLifeboatAsync(Destination))
            {
                await destination.LoadIndexAsync();
                await EngineBackup.RunAsync(destination, CorpusPath, DateTimeOffset.Now);
            }

            for (var i = 0; i < 3; i++)
            {
                if (i > 0)
                {
                    corpus.Change();
                }

                var time = new DateTime(2026, 3, 1 + i, 8, 0, 0).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                var id = await restic.BackupAsync(CorpusPath, "--time", time, "--tag", $"day{i}", "--host", i == 2 ? "other" : "main");
                States[id] = Corpus.State(CorpusPath);
            }

            FirstCopy = await CopyAsync();
        }

        /// <summary>Runs <c>lifeboat repo copy --json</c> from the source into the destination; returns the summary.</summary>
        public async Task<JsonElement> CopyAsync()
        {
            var passwordFile = _root.WriteFile("source-password", TestRepositories.Password + "\n");
            var result = await new LifeboatCli(Destination, TestRepositories.Password)
                .RunCheckedAsync("repo", "copy", "--json", "--from-repo", Source, "--from-password-file", passwordFile);
            using var document = JsonDocument.Parse(result.StandardOutput);
            return document.RootElement.Clone();
        }

        public Task DisposeAsync()
        {
            _root.Dispose();
            return Task.CompletedTask;
        }
    }
}
