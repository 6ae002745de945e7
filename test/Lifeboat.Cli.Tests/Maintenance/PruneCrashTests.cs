using System.Text.RegularExpressions;
using Lifeboat.Storage;
using Lifeboat.Testing;
using Xunit.Abstractions;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// <c>kill -9</c> of <c>lifeboat repo prune</c> at many points of its run. A first prune of a copy prints
/// every write it makes (test hook <c>LIFEBOAT_TEST_WRITE_LOG</c>); from that list the test picks the
/// writes to stop before: the first new pack, the first new index file, the first, a middle one and the
/// last of the old index files removed and of the old packs deleted, and the removal of the lock. Each
/// later prune is held before that write (<c>LIFEBOAT_TEST_PAUSE_BEFORE_WRITE</c>, once every earlier write
/// has finished) and killed there, so every kill lands exactly where it is meant to, however loaded the
/// machine. After every kill the repository holds exactly the writes made before it, restic's check
/// passes, every snapshot restores exactly as before, and a following prune (without an unlock first)
/// completes and leaves a repository that passes <c>restic check --read-data</c> with no unreferenced pack.
/// </summary>
[Collection(PruneHistoryCollection.Name)]
public sealed partial class PruneCrashTests(PruneHistoryFixture history, ITestOutputHelper output)
{
    [Fact]
    public async Task Kill_9_at_any_point_leaves_a_valid_repository_and_the_next_prune_completes()
    {
        var oldIndex = TestRepositories.Ids(history.Forgotten, "index");
        var oldPacks = TestRepositories.Ids(history.Forgotten, "data");
        var writes = await RecordWritesAsync();
        var killPoints = KillPoints(writes);
        Assert.True(killPoints.Count == 8, $"the prune made fewer kinds of writes than expected:\n{string.Join('\n', writes)}");

        foreach (var (where, before) in killPoints)
        {
            using var directory = history.NewDirectory("prune-crash");
            var repository = directory.Combine("repo");
            TestRepositories.CopyDirectory(history.Forgotten, repository);
            var cli = new LifeboatCli(repository, TestRepositories.Password);

            using (var prune = cli.Start(["repo", "prune"], new Dictionary<string, string> { [WriteHooksBackend.PauseVariable] = $"{before}" }))
            {
                await prune.WaitForLineAsync($"test hook: paused before write {before}", TimeSpan.FromMinutes(2));
                Assert.True(await prune.KillHardAsync(), $"{where}: prune ended by itself:\n{prune.Output}");
            }

            // The repository holds exactly the writes made before the kill.
            var done = writes.Take(before - 1).ToList();
            var index = TestRepositories.Ids(repository, "index");
            var packs = TestRepositories.Ids(repository, "data");
            output.WriteLine($"{where} (write {before} of {writes.Count}): {packs.Count} packs, {index.Count} index files");
            Assert.Equal(Count(done, "save", "Pack"), packs.Count(p => !oldPacks.Contains(p)));
            Assert.Equal(Count(done, "save", "Index"), index.Count(i => !oldIndex.Contains(i)));
            Assert.Equal(oldIndex.Count - Count(done, "remove", "Index"), index.Count(oldIndex.Contains));
            Assert.Equal(oldPacks.Count - Count(done, "remove", "Pack"), packs.Count(oldPacks.Contains));

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
    }

    private sealed record Write(int Number, string Verb, string Type)
    {
        public override string ToString() => $"{Number}: {Verb} {Type}";
    }

    /// <summary>Prunes a copy of the repository once to the end and returns its writes in the order they started.</summary>
    private async Task<List<Write>> RecordWritesAsync()
    {
        using var directory = history.NewDirectory("prune-writes");
        var repository = directory.Combine("repo");
        TestRepositories.CopyDirectory(history.Forgotten, repository);
        var result = await new LifeboatCli(repository, TestRepositories.Password).RunAsync(
            ["repo", "prune"], ProcessOptions.Default with { Environment = new Dictionary<string, string?> { [WriteHooksBackend.LogVariable] = "1" } });
        Assert.True(result.Succeeded, $"the recording prune failed:\n{result.StandardOutput}{result.StandardError}");
        var writes = WriteLine().Matches(result.StandardError)
            .Select(m => new Write(int.Parse(m.Groups[1].Value), m.Groups[2].Value, m.Groups[3].Value))
            .OrderBy(w => w.Number)
            .ToList();
        Assert.Equal(Enumerable.Range(1, writes.Count), writes.Select(w => w.Number));
        return writes;
    }

    /// <summary>(where, the write to stop before): the kill points, each one write into the repository's history.</summary>
    private static List<(string Where, int Before)> KillPoints(List<Write> writes)
    {
        var points = new List<(string, int)>();
        void Add(string where, IEnumerable<Write> candidates, Func<List<Write>, Write> pick)
        {
            var list = candidates.ToList();
            if (list.Count > 0)
            {
                points.Add((where, pick(list).Number));
            }
        }

        Add("before the first new pack", writes.Where(w => w is { Verb: "save", Type: "Pack" }), l => l[0]);
        Add("before the first new index file", writes.Where(w => w is { Verb: "save", Type: "Index" }), l => l[0]);
        Add("before the first old index file is removed", writes.Where(w => w is { Verb: "remove", Type: "Index" }), l => l[0]);
        Add("half-way through removing old index files", writes.Where(w => w is { Verb: "remove", Type: "Index" }), l => l[l.Count / 2]);
        Add("before the first old pack is deleted", writes.Where(w => w is { Verb: "remove", Type: "Pack" }), l => l[0]);
        Add("half-way through deleting old packs", writes.Where(w => w is { Verb: "remove", Type: "Pack" }), l => l[l.Count / 2]);
        Add("before the last old pack is deleted", writes.Where(w => w is { Verb: "remove", Type: "Pack" }), l => l[^1]);
        Add("before its lock is removed", writes.Where(w => w is { Verb: "remove", Type: "Lock" }), l => l[^1]);
        return points;
    }

    private static int Count(List<Write> writes, string verb, string type) => writes.Count(w => w.Verb == verb && w.Type == type);

    [GeneratedRegex(@"^test hook: write (\d+): (save|remove) (\w+)/", RegexOptions.Multiline)]
    private static partial Regex WriteLine();
}
