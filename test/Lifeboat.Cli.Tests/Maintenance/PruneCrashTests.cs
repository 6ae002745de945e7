using Lifeboat.Testing;
using Xunit.Abstractions;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// <c>kill -9</c> of <c>lifeboat repo prune</c> at many points of its run. The test hook
/// <c>LIFEBOAT_TEST_WRITE_DELAY_MS</c> makes every save and remove wait, so a kill timed from the phase
/// the prune announces lands between two known writes: while repacking, after the new packs, after the
/// new index, part-way through removing the old index files, part-way through deleting old packs.
/// After every kill restic's check passes, every snapshot restores exactly as before, and a following
/// prune (without the hook, and without an unlock first) completes and leaves a repository that
/// passes <c>restic check --read-data</c> with no unreferenced pack in it.
/// </summary>
[Collection(PruneHistoryCollection.Name)]
public sealed class PruneCrashTests(PruneHistoryFixture history, ITestOutputHelper output)
{
    private const int Delay = 40;

    /// <summary>(phase the prune prints, milliseconds after it): where the kills land.</summary>
    private static readonly (string Phase, int After)[] KillPoints =
    [
        ("finding data that is still used", 0),
        ("repacking", Delay / 2),
        ("rewriting the index", Delay / 2),
        ("removing old index files", Delay / 2),
        ("removing old index files", 12 * Delay + Delay / 2),
        // Packs are deleted a few at a time (four here: 36 packs take about nine delays).
        ("deleting", Delay / 2),
        ("deleting", 2 * Delay + Delay / 2),
        ("deleting", 5 * Delay + Delay / 2),
    ];

    [Fact]
    public async Task Kill_9_at_any_point_leaves_a_valid_repository_and_the_next_prune_completes()
    {
        var oldIndex = TestRepositories.Ids(history.Forgotten, "index");
        var oldPacks = TestRepositories.Ids(history.Forgotten, "data");
        var states = new List<CrashState>();
        foreach (var (phase, after) in KillPoints)
        {
            var where = $"kill {after} ms after '{phase}'";
            using var directory = history.NewDirectory("prune-crash");
            var repository = directory.Combine("repo");
            TestRepositories.CopyDirectory(history.Forgotten, repository);
            var cli = new LifeboatCli(repository, TestRepositories.Password);

            using (var prune = cli.Start(["repo", "prune"], new Dictionary<string, string> { [LifeboatCli.WriteDelayVariable] = $"{Delay}" }))
            {
                await prune.WaitForLineAsync(phase, TimeSpan.FromMinutes(1));
                await Task.Delay(after);
                // The last kill point is near the end of the deletions: on a loaded host that reads the phase
                // line late, the prune may be done by then, which is a state to check as well.
                var killed = await prune.KillHardAsync();
                Assert.True(killed || (phase, after) == KillPoints[^1], $"{where}: prune had already finished:\n{prune.Output}");
            }

            var index = TestRepositories.Ids(repository, "index");
            var packs = TestRepositories.Ids(repository, "data");
            var state = new CrashState(
                where,
                NewPacks: packs.Count(p => !oldPacks.Contains(p)),
                NewIndexFiles: index.Count(i => !oldIndex.Contains(i)),
                OldIndexFilesLeft: index.Count(oldIndex.Contains),
                OldPacksLeft: packs.Count(oldPacks.Contains));
            output.WriteLine(state.ToString());
            states.Add(state);

            using var restic = new ResticCli(repository, TestRepositories.Password);
            var check = await restic.RunAsync("--no-lock", "check");
            Assert.True(check.Succeeded, $"{where}: restic check failed:\n{check.StandardOutput}{check.StandardError}");
            await SnapshotDigests.AssertUnchangedAsync(repository, history.KeptDigests);

            var again = await cli.RunAsync("repo", "prune");
            Assert.True(again.Succeeded, $"{where}: the following prune failed:\n{again.StandardOutput}{again.StandardError}");
            check = await restic.RunAsync("--no-lock", "check", "--read-data");
            Assert.True(check.Succeeded, $"{where}: restic check --read-data failed:\n{check.StandardOutput}{check.StandardError}");
            Assert.DoesNotContain("additional files", check.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("left alone", again.StandardOutput + again.StandardError, StringComparison.Ordinal); // the dead prune's lock protects nothing
            await SnapshotDigests.AssertUnchangedAsync(repository, history.KeptDigests);
        }

        // The kills hit the windows that matter, not just the start and the end (with some slack for a
        // test host that reads the phase line late on a loaded machine).
        Assert.Contains(states, s => s.NewPacks > 0 && s.OldIndexFilesLeft > oldIndex.Count / 2);
        Assert.Contains(states, s => s.NewIndexFiles > 0 && s.OldIndexFilesLeft > 0 && s.OldIndexFilesLeft < oldIndex.Count);
        Assert.Contains(states, s => s.OldIndexFilesLeft == 0 && s.OldPacksLeft > oldPacks.Count / 2);
        Assert.Contains(states, s => s.OldPacksLeft > 0 && s.OldPacksLeft < oldPacks.Count);
    }

    private sealed record CrashState(string Where, int NewPacks, int NewIndexFiles, int OldIndexFilesLeft, int OldPacksLeft);
}
