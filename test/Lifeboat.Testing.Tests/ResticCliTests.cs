using System.Text.RegularExpressions;
using Lifeboat.Testing;

namespace Lifeboat.Testing.Tests;

public sealed partial class ResticCliTests
{
    [Fact]
    public async Task Init_backup_snapshots_check_and_restore_work_on_a_fresh_repository()
    {
        using var work = new TempDirectory("restic");
        var source = work.CreateDirectory("source");
        File.WriteAllText(Path.Combine(source, "hello.txt"), "hello restic\n");
        var nested = Directory.CreateDirectory(Path.Combine(source, "nested", "deeper")).FullName;
        var binary = Enumerable.Range(0, 200_000).Select(i => unchecked((byte)(i * 31))).ToArray();
        File.WriteAllBytes(Path.Combine(nested, "data.bin"), binary);
        using var restic = new ResticCli(work.Combine("repo"), "correct horse battery staple");

        await restic.InitAsync();
        var snapshotId = await restic.BackupAsync(source, "--tag", "fixture");
        var snapshots = await restic.SnapshotsAsync();
        await restic.CheckAsync(readData: true);
        await restic.RestoreAsync(snapshotId, work.Combine("restored"));

        Assert.Matches(HexId(), snapshotId);
        var snapshot = Assert.Single(snapshots);
        Assert.Equal(snapshotId, snapshot.Id);
        Assert.StartsWith(snapshot.ShortId, snapshotId, StringComparison.Ordinal);
        Assert.Equal([source], snapshot.Paths);
        Assert.Equal(["fixture"], snapshot.Tags);
        var restored = work.Combine("restored") + source;
        Assert.Equal("hello restic\n", File.ReadAllText(Path.Combine(restored, "hello.txt")));
        Assert.Equal(binary, File.ReadAllBytes(Path.Combine(restored, "nested", "deeper", "data.bin")));
    }

    [Fact]
    public async Task Standard_input_is_backed_up_and_secrets_stay_off_the_command_line()
    {
        using var work = new TempDirectory("restic");
        var restic = new ResticCli(work.Combine("repo"), "top-secret-password");
        await restic.InitAsync();

        var backup = await restic.RunAsync(
            ["backup", "--stdin", "--stdin-filename", "dump.sql"], new ProcessOptions { InputText = "SELECT 1;\n" });
        var dumped = await restic.RunCheckedAsync("dump", "latest", "/dump.sql");

        Assert.Equal("SELECT 1;\n", dumped.StandardOutput);
        Assert.DoesNotContain("top-secret-password", backup.EnsureSuccess().CommandLine, StringComparison.Ordinal);
        Assert.DoesNotContain(work.Combine("repo"), backup.CommandLine, StringComparison.Ordinal);
        Assert.Equal("top-secret-password", restic.Environment["RESTIC_PASSWORD"]);
        Assert.Null(restic.Environment["RESTIC_PASSWORD_FILE"]);
        var cache = restic.Environment["RESTIC_CACHE_DIR"]!;
        Assert.StartsWith(Path.GetTempPath(), cache, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(cache));

        restic.Dispose();

        Assert.False(Directory.Exists(cache));
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HexId();
}
