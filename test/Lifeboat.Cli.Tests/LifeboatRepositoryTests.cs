using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lifeboat.Repository;
using Lifeboat.Repository.Chunking;
using Lifeboat.Storage.Local;
using Lifeboat.Testing;
using Lifeboat.Testing.Trees;

namespace Lifeboat.Cli.Tests;

/// <summary>
/// Engine II with restic as the oracle: what Lifeboat writes passes <c>restic check --read-data</c>,
/// restores identical to the source with <c>restic restore</c>, deduplicates against restic's chunks,
/// is incremental (an unchanged tree reads nothing; one changed file adds only its new chunks), and
/// stores streams from stdin or a command byte for byte.
/// </summary>
public sealed class LifeboatRepositoryTests(LifeboatRepositoryFixture fixture) : IClassFixture<LifeboatRepositoryFixture>
{
    private static readonly byte[] Nothing = [];

    [Fact]
    public async Task Init_makes_a_version_2_repository_restic_opens_and_checks()
    {
        using var directory = new TempDirectory("cli-init");
        var path = directory.Combine("repo");
        using var restic = new ResticCli(path, "a new password");

        var init = await new LifeboatCli(path, "a new password").RunAsync("repo", "init");
        using var config = await restic.RunJsonDocumentAsync("cat", "config");
        var check = await restic.RunAsync("check");

        Assert.True(init.ExitCode == 0, init.StandardError);
        Assert.Equal(2, config.RootElement.GetProperty("version").GetInt32());
        Assert.Matches("^[0-9a-f]{64}$", config.RootElement.GetProperty("id").GetString());
        Assert.True(Polynomial.TryParse(config.RootElement.GetProperty("chunker_polynomial").GetString(), out var polynomial) && polynomial.IsIrreducible);
        Assert.True(check.ExitCode == 0, check.StandardOutput + check.StandardError);
    }

    [Fact]
    public async Task Restic_check_with_read_data_passes()
    {
        var result = await fixture.Restic.RunAsync("check", "--read-data");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task Restic_restore_of_our_snapshot_is_identical_to_the_source()
    {
        using var target = new TempDirectory("cli-restic-restore");

        await fixture.Restic.RestoreAsync(fixture.FirstSnapshot, target.Path);

        DirectoryComparer.AssertIdentical(fixture.Tree.Root, target.Path + fixture.Tree.Root, new CompareOptions { CompareRoot = true });
    }

    [Fact]
    public async Task Ls_json_of_our_snapshot_agrees_with_restic()
    {
        var restic = await fixture.Restic.RunCheckedAsync("ls", "--json", fixture.FirstSnapshot);
        var lifeboat = await fixture.Lifeboat.RunCheckedAsync("repo", "ls", "--json", fixture.FirstSnapshot);

        JsonAssert.EqualLines(JsonAssert.ParseLines(restic.StandardOutput).Skip(1).ToList(), JsonAssert.ParseLines(lifeboat.StandardOutput).Skip(1).ToList(), "ls");
    }

    [Fact]
    public async Task Restic_backup_of_the_same_tree_adds_no_data_blobs()
    {
        var result = await fixture.Restic.RunCheckedAsync("backup", "--json", "--force", fixture.Tree.Root);

        var summary = LifeboatCli.Summary(result.StandardOutput)!.Value;
        Assert.Equal(0, summary.GetProperty("data_blobs").GetInt64());
        Assert.True(summary.GetProperty("data_added").GetInt64() < 1_000_000, $"restic added {summary}");
    }

    [Fact]
    public async Task Backup_of_an_unchanged_tree_reads_no_file_and_adds_no_data()
    {
        var summary = await fixture.Lifeboat.BackupAsync(fixture.Tree.Root);

        Assert.Equal(0, summary.GetProperty("bytes_read").GetInt64());
        Assert.Equal(0, summary.GetProperty("data_blobs").GetInt64());
        Assert.Equal(0, summary.GetProperty("files_new").GetInt64() + summary.GetProperty("files_changed").GetInt64());
        Assert.Equal(fixture.FirstBackup.GetProperty("total_files_processed").GetInt64(), summary.GetProperty("files_unmodified").GetInt64());
    }

    [Fact]
    public async Task Changing_one_file_adds_only_its_new_chunks()
    {
        using var directory = new TempDirectory("cli-incremental");
        var copy = directory.Combine("tree");
        (await ProcessRunner.RunAsync("cp", ["-a", fixture.Tree.Root, copy])).EnsureSuccess();
        var tree = fixture.Tree with { Root = copy };

        var first = await fixture.Lifeboat.BackupAsync(copy);
        var changes = TreeGenerator.Modify(tree, seed: 42);
        var expectedBlobs = await NewChunksAsync(tree.PathOf(changes.Changed), tree.PathOf(changes.Added));
        var second = await fixture.Lifeboat.BackupAsync(copy);

        Assert.Equal(0, first.GetProperty("data_blobs").GetInt64());
        Assert.Equal(expectedBlobs, second.GetProperty("data_blobs").GetInt64());
        Assert.InRange(expectedBlobs, 2, 4); // the 64 changed bytes touch one or two chunks; the new file is one
        Assert.Equal(new FileInfo(tree.PathOf(changes.Changed)).Length + new FileInfo(tree.PathOf(changes.Added)).Length, second.GetProperty("bytes_read").GetInt64());
        Assert.Equal(1, second.GetProperty("files_changed").GetInt64());
        Assert.Equal(1, second.GetProperty("files_new").GetInt64());
        var dumped = await fixture.Restic.RunCheckedAsync("dump", second.GetProperty("snapshot_id").GetString()!, tree.PathOf(changes.Changed));
        Assert.True(dumped.StandardOutputBytes.Span.SequenceEqual(File.ReadAllBytes(tree.PathOf(changes.Changed))), "restic dump of the changed file differs");
    }

    [Fact]
    public async Task Stdin_backup_stores_the_bytes_exactly()
    {
        var input = new SeededRandom(5).Bytes(3_000_000).Concat(Encoding.UTF8.GetBytes("\n-- end of dump\n")).ToArray();

        var result = await fixture.Lifeboat.RunAsync(["repo", "backup", "--json", "--stdin", "--stdin-filename", "x.sql"], new ProcessOptions { Input = input });

        Assert.True(result.ExitCode == 0, result.StandardError);
        var snapshot = LifeboatCli.Summary(result.StandardOutput)!.Value.GetProperty("snapshot_id").GetString()!;
        await AssertDumpAsync(snapshot, "/x.sql", input);
    }

    [Fact]
    public async Task Stdin_from_command_stores_its_output_exactly()
    {
        const string script = "seq 1 200000; printf 'binary \\000\\001\\377 end'";
        var expected = (await ProcessRunner.RunAsync("sh", ["-c", script])).EnsureSuccess().StandardOutputBytes.ToArray();

        var summary = await fixture.Lifeboat.BackupAsync("--stdin-filename", "x.sql", "--stdin-from-command", "--", "sh", "-c", script);

        await AssertDumpAsync(summary.GetProperty("snapshot_id").GetString()!, "/x.sql", expected);
    }

    [Fact]
    public async Task Data_added_is_plaintext_as_restic_reports_it_and_data_added_packed_what_was_stored()
    {
        // 4 MB of numbered log lines: compresses well, repeats no chunk, exists nowhere else in the repository.
        var run = Guid.NewGuid().ToString("N");
        var input = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 50_000).Select(i => $"{run} line {i:D8}: a log line that compresses well\n")));

        var result = await fixture.Lifeboat.RunAsync(["repo", "backup", "--json", "--stdin", "--stdin-filename", "log.txt"], new ProcessOptions { Input = input });

        Assert.True(result.ExitCode == 0, result.StandardError);
        var summary = LifeboatCli.Summary(result.StandardOutput)!.Value;
        var added = summary.GetProperty("data_added").GetInt64();
        var packed = summary.GetProperty("data_added_packed").GetInt64();
        Assert.InRange(added, input.Length, input.Length + 65_536); // the data and the new trees, as restic counts it
        Assert.InRange(packed, 1, input.Length / 10);
        var cat = await fixture.Lifeboat.RunCheckedAsync("repo", "cat", "snapshot", summary.GetProperty("snapshot_id").GetString()!);
        using var snapshot = JsonDocument.Parse(cat.StandardOutput);
        Assert.Equal(added, snapshot.RootElement.GetProperty("summary").GetProperty("data_added").GetInt64());
        Assert.Equal(packed, snapshot.RootElement.GetProperty("summary").GetProperty("data_added_packed").GetInt64());
    }

    [Fact]
    public async Task A_failing_command_makes_no_snapshot_and_exits_non_zero()
    {
        var before = SnapshotFiles();

        var result = await fixture.Lifeboat.RunAsync("repo", "backup", "--stdin-filename", "x.sql", "--stdin-from-command", "--", "sh", "-c", "seq 1 100000; exit 3");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("code 3", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, SnapshotFiles());
        Assert.Empty(System.IO.Directory.GetFiles(Path.Combine(fixture.RepositoryPath, "locks")));
    }

    [Fact]
    public async Task Paths_together_with_stdin_are_a_usage_error()
    {
        var before = SnapshotFiles();

        var result = await fixture.Lifeboat.RunAsync(["repo", "backup", "--stdin", "--stdin-filename", "x.sql", fixture.Tree.Root], new ProcessOptions { Input = Nothing });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--stdin", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, SnapshotFiles());
    }

    private string[] SnapshotFiles() =>
        System.IO.Directory.GetFiles(Path.Combine(fixture.RepositoryPath, "snapshots")).Order(StringComparer.Ordinal).ToArray();

    private async Task AssertDumpAsync(string snapshot, string path, byte[] expected)
    {
        var dumped = await fixture.Restic.RunCheckedAsync("dump", snapshot, path);
        Assert.Equal(expected.Length, dumped.StandardOutputBytes.Length);
        Assert.True(dumped.StandardOutputBytes.Span.SequenceEqual(expected), "restic dump returned other bytes");
    }

    /// <summary>How many distinct chunks of these files the repository does not have yet (restic's chunker, the repository's polynomial).</summary>
    private async Task<long> NewChunksAsync(params string[] files)
    {
        await using var repository = await Repository.Repository.OpenAsync(new LocalBackend(fixture.RepositoryPath), LifeboatRepositoryFixture.Password);
        await repository.LoadIndexAsync();
        var polynomial = Polynomial.Parse(repository.Config.ChunkerPolynomial);
        var missing = new HashSet<Id>();
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            using var stream = new MemoryStream(bytes);
            foreach (var chunk in StreamSplitter.Split(stream, polynomial))
            {
                var id = new Id(SHA256.HashData(bytes.AsSpan((int)chunk.Offset, chunk.Length)));
                if (!repository.Index.Contains(BlobType.Data, id))
                {
                    missing.Add(id);
                }
            }
        }

        return missing.Count;
    }
}
