using System.Text;
using Lifeboat.Manifest;
using Lifeboat.Sources.Env;
using Lifeboat.Sources.Tests.Conformance;
using Lifeboat.Testing;

namespace Lifeboat.Sources.Tests.Env;

/// <summary>What only the env source does: a slice is merged into the current file, which keeps its other lines.</summary>
public sealed class EnvSourceTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("envsource");
    private SnapshotHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await SnapshotHarness.CreateAsync(_temp.Path);

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_slice_restore_merges_its_keys_and_keeps_comments_unrelated_keys_and_order()
    {
        var path = _temp.WriteFile("etc/redmine/.env", "# Redmine\nRAILS_ENV=production\nSECRET_KEY_BASE=original-secret\nSMTP_HOST=mail.example\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var source = new EnvSource(new EnvSourceConfig { Name = "env", Path = path, Keys = ["SECRET_KEY_BASE"] });
        var snapshot = await _harness.CaptureAsync(source);
        Assert.Equal("SECRET_KEY_BASE=original-secret\n", Encoding.UTF8.GetString(await snapshot.Reader.ReadFileAsync("svc/env/.env")));
        Assert.Equal(["SECRET_KEY_BASE"], snapshot.Description["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.DoesNotContain("original-secret", snapshot.Description.ToJsonString(), StringComparison.Ordinal);

        // Since the backup: the secret was regenerated, a comment and a key were added, SMTP moved.
        await File.WriteAllTextAsync(path, "# Redmine\n# moved to the new mail relay\nSMTP_HOST=relay.example\nRAILS_ENV=production\nSECRET_KEY_BASE=regenerated\nNEW_FLAG=1\n");

        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            await restore.CommitAsync();
        }

        Assert.Equal(
            "# Redmine\n# moved to the new mail relay\nSMTP_HOST=relay.example\nRAILS_ENV=production\nSECRET_KEY_BASE=original-secret\nNEW_FLAG=1\n",
            await File.ReadAllTextAsync(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        Assert.Empty(TreeFingerprint.LifeboatSiblings(path));
    }

    [Fact]
    public async Task A_slice_restored_where_the_file_is_gone_writes_the_keys_with_the_recorded_mode()
    {
        var path = _temp.WriteFile("app/.env", "TOKEN=t\nOTHER=o\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var source = new EnvSource(new EnvSourceConfig { Name = "env", Path = path, Keys = ["TOKEN"] });
        var snapshot = await _harness.CaptureAsync(source);
        File.Delete(path);

        await using (var restore = await source.RestoreAsync(_harness.RestoreContext(snapshot, new RestoreTarget.InPlace())))
        {
            await restore.CommitAsync();
        }

        Assert.Equal("TOKEN=t\n", await File.ReadAllTextAsync(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}
