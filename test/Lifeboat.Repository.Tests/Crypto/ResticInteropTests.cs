using System.Text;
using System.Text.Json;
using Lifeboat.Repository.Crypto;

namespace Lifeboat.Repository.Tests.Crypto;

/// <summary>Key files and boxes against the real restic binary: what restic writes we read, and the reverse.</summary>
public sealed class ResticInteropTests(ResticRepositories repositories) : IClassFixture<ResticRepositories>
{
    private static readonly KdfParameters s_cheap = new(16384, 8, 1);

    [Fact]
    public void Key_file_written_by_restic_opens_with_its_password_and_decrypts_config_of_version_1()
    {
        AssertKeyOpensAndConfigDecrypts(repositories.Version1, repositories.MasterVersion1, expectedVersion: 1);
    }

    [Fact]
    public void Key_file_written_by_restic_opens_with_its_password_and_decrypts_config_of_version_2()
    {
        AssertKeyOpensAndConfigDecrypts(repositories.Version2, repositories.MasterVersion2, expectedVersion: 2);
    }

    [Fact]
    public void Key_file_written_by_restic_does_not_open_with_a_wrong_password()
    {
        var keyFile = KeyFile.Parse(File.ReadAllBytes(ResticRepositories.KeyPath(repositories.Version2)));

        Assert.False(keyFile.TryOpen("wrong password", out var master));
        Assert.Null(master);
        Assert.False(keyFile.TryOpen("Lifeboat ⚓ pa\u0308sswo\u0308rd", out _)); // the same text decomposed: other bytes
    }

    [Fact]
    public async Task Key_file_we_write_lets_restic_open_the_repository_with_our_password()
    {
        var repository = repositories.Copy(repositories.Version2, "added-key");
        var master = repositories.MasterVersion2;
        Assert.NotNull(master);
        const string ourPassword = "our own password";
        var ours = KeyFile.Create(ourPassword, master, s_cheap, "lifeboat", "test-host", TimeProvider.System);
        var bytes = ours.ToJson();
        var id = Id.Hash(bytes).ToString();
        File.WriteAllBytes(Path.Combine(repository, "keys", id), bytes);

        var snapshots = await ResticCli.RunAsync(ourPassword, null, "--repo", repository, "snapshots", "--json");
        Assert.True(snapshots.ExitCode == 0, snapshots.Error);
        Assert.Equal("[]", snapshots.Output.Trim());

        var hint = new Dictionary<string, string> { ["RESTIC_KEY_HINT"] = id };
        var cat = await ResticCli.RunAsync(ourPassword, hint, "--repo", repository, "cat", "masterkey");
        Assert.True(cat.ExitCode == 0, cat.Error);
        using var printed = CryptoKey.FromJson(Encoding.UTF8.GetBytes(cat.Output));
        Assert.Equal(master.ToJson(), printed.ToJson());

        var list = await ResticCli.RunAsync(ourPassword, hint, "--repo", repository, "key", "list", "--json");
        Assert.True(list.ExitCode == 0, list.Error);
        using var keys = JsonDocument.Parse(list.Output);
        var listed = keys.RootElement.EnumerateArray().Single(k => id.StartsWith(k.GetProperty("id").GetString()!, StringComparison.Ordinal));
        Assert.Equal("lifeboat", listed.GetProperty("userName").GetString());
        Assert.Equal("test-host", listed.GetProperty("hostName").GetString());

        var wrong = await ResticCli.RunAsync("not our password", hint, "--repo", repository, "snapshots");
        Assert.NotEqual(0, wrong.ExitCode);
    }

    [Fact]
    public async Task Box_we_encrypt_with_the_master_key_is_read_by_restic()
    {
        var repository = repositories.Copy(repositories.Version1, "rewritten-config");
        var master = repositories.MasterVersion1;
        Assert.NotNull(master);
        var configPath = Path.Combine(repository, "config");
        var plaintext = master.Decrypt(File.ReadAllBytes(configPath));
        File.Delete(configPath);
        File.WriteAllBytes(configPath, master.Encrypt(plaintext));

        var cat = await ResticCli.RunAsync(ResticRepositories.Password, null, "--repo", repository, "cat", "config");

        Assert.True(cat.ExitCode == 0, cat.Error);
        using var ours = JsonDocument.Parse(plaintext);
        using var theirs = JsonDocument.Parse(cat.Output);
        Assert.Equal(ours.RootElement.GetProperty("id").GetString(), theirs.RootElement.GetProperty("id").GetString());
        Assert.Equal(
            ours.RootElement.GetProperty("chunker_polynomial").GetString(),
            theirs.RootElement.GetProperty("chunker_polynomial").GetString());
    }

    [Fact]
    public async Task Restic_refuses_a_box_with_one_flipped_bit_as_we_do()
    {
        var repository = repositories.Copy(repositories.Version2, "flipped-config");
        var master = repositories.MasterVersion2;
        Assert.NotNull(master);
        var configPath = Path.Combine(repository, "config");
        var box = File.ReadAllBytes(configPath);
        box[box.Length / 2] ^= 0x01;
        File.Delete(configPath);
        File.WriteAllBytes(configPath, box);

        Assert.Throws<IntegrityException>(() => master.Decrypt(box));
        var cat = await ResticCli.RunAsync(ResticRepositories.Password, null, "--repo", repository, "cat", "config");
        Assert.NotEqual(0, cat.ExitCode);
    }

    private static void AssertKeyOpensAndConfigDecrypts(string repository, CryptoKey? master, int expectedVersion)
    {
        var keyPath = ResticRepositories.KeyPath(repository);
        var bytes = File.ReadAllBytes(keyPath);
        Assert.Equal(Path.GetFileName(keyPath), Id.Hash(bytes).ToString()); // a key's id is the SHA-256 of the file

        var keyFile = KeyFile.Parse(bytes);
        Assert.Equal("scrypt", keyFile.Kdf);
        Assert.Equal(KeyFile.SaltLength, keyFile.Salt!.Length);
        Assert.NotNull(master); // the fixture opened it with KeyFile.TryOpen and the password

        var config = master.Decrypt(File.ReadAllBytes(Path.Combine(repository, "config")));

        // restic never compresses the config, not even in version 2: the plaintext is JSON from
        // its first byte (in other unpacked files of version 2 that byte is an encoding marker).
        Assert.Equal((byte)'{', config[0]);
        using var document = JsonDocument.Parse(config);
        Assert.Equal(expectedVersion, document.RootElement.GetProperty("version").GetInt32());
        Assert.Matches("^[0-9a-f]{64}$", document.RootElement.GetProperty("id").GetString());
        Assert.Matches("^[0-9a-f]+$", document.RootElement.GetProperty("chunker_polynomial").GetString());
    }
}
