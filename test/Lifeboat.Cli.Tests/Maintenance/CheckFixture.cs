using Lifeboat.Repository.Snapshots;
using Lifeboat.Testing;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// Two small repositories with the same three snapshots of a changing corpus: one written by Lifeboat's
/// engine, one by restic. Check tests damage copies of them.
/// </summary>
public sealed class CheckFixture : IAsyncLifetime
{
    private readonly TempDirectory _root = new("check");

    public string CorpusPath => _root.Combine("corpus");

    public string LifeboatMade => _root.Combine("lifeboat-made");

    public string ResticMade => _root.Combine("restic-made");

    /// <summary>"lifeboat" or "restic" → the template repository.</summary>
    public string Template(string maker) => maker == "restic" ? ResticMade : LifeboatMade;

    public async Task InitializeAsync()
    {
        var corpus = new Corpus(CorpusPath, seed: 7);
        corpus.Create(small: true);
        TestRepositories.CreateResticSkeleton(ResticMade);
        using var restic = new ResticCli(ResticMade, TestRepositories.Password);
        await using var repository = await TestRepositories.CreateLifeboatAsync(LifeboatMade);
        await repository.LoadIndexAsync();
        Snapshot? parent = null;
        for (var i = 0; i < 3; i++)
        {
            if (i > 0)
            {
                corpus.Change();
            }

            var time = new DateTimeOffset(2026, 2, 1 + i, 12, 0, 0, TimeSpan.Zero);
            parent = await EngineBackup.RunAsync(repository, CorpusPath, time, parent);
            await restic.RunCheckedAsync("backup", "--quiet", "--time", time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), CorpusPath);
        }
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }
}
