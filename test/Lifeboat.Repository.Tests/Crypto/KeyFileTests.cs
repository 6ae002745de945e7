using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lifeboat.Repository.Crypto;

namespace Lifeboat.Repository.Tests.Crypto;

public sealed class KeyFileTests
{
    // Cheap enough for unit tests; real key files use KdfParameters.Default.
    private static readonly KdfParameters s_cheap = new(1024, 8, 1);

    [Fact]
    public void Create_then_TryOpen_returns_the_same_master_key()
    {
        using var master = CryptoKey.NewRandom();

        var keyFile = KeyFile.Create("pässwörd ⚓", master, s_cheap, "alice", "host1", TimeProvider.System);

        Assert.True(keyFile.TryOpen("pässwörd ⚓", out var opened));
        using (opened)
        {
            Assert.Equal(master.ToJson(), opened.ToJson());
        }
    }

    [Fact]
    public void TryOpen_with_a_wrong_password_returns_false()
    {
        using var master = CryptoKey.NewRandom();
        var keyFile = KeyFile.Create("right", master, s_cheap, null, null, TimeProvider.System);

        Assert.False(keyFile.TryOpen("wrong", out var opened));
        Assert.Null(opened);
        Assert.False(keyFile.TryOpen("right ", out _));
        Assert.False(keyFile.TryOpen("", out _));
    }

    [Fact]
    public void Stored_form_has_restic_fields_in_restic_order_and_parses_back()
    {
        using var master = CryptoKey.NewRandom();
        var clock = new FixedClock(new DateTimeOffset(2024, 5, 1, 10, 0, 0, 123, TimeSpan.FromHours(2)));
        var keyFile = KeyFile.Create("pw", master, s_cheap, "bob", "box", clock);

        var bytes = keyFile.ToJson();

        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        Assert.Equal(
            ["created", "username", "hostname", "kdf", "N", "r", "p", "salt", "data"],
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("2024-05-01T10:00:00.123+02:00", root.GetProperty("created").GetString());
        Assert.Equal("bob", root.GetProperty("username").GetString());
        Assert.Equal("box", root.GetProperty("hostname").GetString());
        Assert.Equal("scrypt", root.GetProperty("kdf").GetString());
        Assert.Equal(1024, root.GetProperty("N").GetInt32());
        Assert.Equal(8, root.GetProperty("r").GetInt32());
        Assert.Equal(1, root.GetProperty("p").GetInt32());
        Assert.Equal(64, root.GetProperty("salt").GetBytesFromBase64().Length);
        Assert.Equal(master.ToJson().Length + CryptoKey.Overhead, root.GetProperty("data").GetBytesFromBase64().Length);
        Assert.DoesNotContain("\\u", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal); // base64 '+' and '/' unescaped, as Go writes them

        var parsed = KeyFile.Parse(bytes);
        Assert.Equal(bytes, parsed.ToJson());
        Assert.True(parsed.TryOpen("pw", out var opened));
        opened.Dispose();
    }

    [Fact]
    public void Null_user_and_host_are_stored_as_empty_strings()
    {
        using var master = CryptoKey.NewRandom();
        var keyFile = KeyFile.Create("pw", master, s_cheap, null, null, TimeProvider.System);

        using var document = JsonDocument.Parse(keyFile.ToJson());
        Assert.Equal("", document.RootElement.GetProperty("username").GetString());
        Assert.Equal("", document.RootElement.GetProperty("hostname").GetString());
    }

    [Fact]
    public void TryOpen_returns_false_when_data_is_damaged()
    {
        using var master = CryptoKey.NewRandom();
        var keyFile = KeyFile.Create("pw", master, s_cheap, null, null, TimeProvider.System);
        var data = keyFile.Data!;

        foreach (var position in new[] { 0, 15, 16, data.Length / 2, data.Length - 17, data.Length - 1 })
        {
            data[position] ^= 0x40;
            Assert.False(keyFile.TryOpen("pw", out _));
            data[position] ^= 0x40;
        }

        keyFile.Data = data[..31];
        Assert.False(keyFile.TryOpen("pw", out _));
    }

    [Fact]
    public void TryOpen_throws_for_key_files_no_password_can_open()
    {
        using var master = CryptoKey.NewRandom();
        var keyFile = KeyFile.Create("pw", master, s_cheap, null, null, TimeProvider.System);

        keyFile.Kdf = "argon2";
        var ex = Assert.Throws<RepositoryException>(() => keyFile.TryOpen("pw", out _));
        Assert.Contains("argon2", ex.Message, StringComparison.Ordinal);

        keyFile = KeyFile.Parse(keyFile.ToJson());
        keyFile.Kdf = KeyFile.ScryptKdf;
        keyFile.Salt = new byte[16];
        Assert.Throws<RepositoryException>(() => keyFile.TryOpen("pw", out _));

        keyFile = KeyFile.Create("pw", master, s_cheap, null, null, TimeProvider.System);
        keyFile.N = 1000;
        Assert.Throws<RepositoryException>(() => keyFile.TryOpen("pw", out _));
        keyFile.N = 1 << 24; // 16 GiB of scrypt memory: refused, never allocated
        Assert.Throws<RepositoryException>(() => keyFile.TryOpen("pw", out _));
    }

    [Fact]
    public void TryOpen_throws_integrity_error_when_the_authenticated_master_key_is_malformed()
    {
        var salt = RandomNumberGenerator.GetBytes(KeyFile.SaltLength);
        var derived = Scrypt.DeriveKey("pw"u8, salt, s_cheap.N, s_cheap.R, s_cheap.P, 64);
        using var user = new CryptoKey(derived.AsSpan(0, 32), derived.AsSpan(32, 16), derived.AsSpan(48, 16));
        var keyFile = new KeyFile
        {
            N = s_cheap.N,
            R = s_cheap.R,
            P = s_cheap.P,
            Salt = salt,
            Data = user.Encrypt("{\"mac\":{},\"encrypt\":\"secret-looking\"}"u8),
        };

        var ex = Assert.Throws<IntegrityException>(() => keyFile.TryOpen("pw", out _));
        Assert.DoesNotContain("secret", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_what_is_not_a_key_file()
    {
        Assert.Throws<IntegrityException>(() => KeyFile.Parse("not json"u8));
        Assert.Throws<IntegrityException>(() => KeyFile.Parse("null"u8));
        Assert.Throws<IntegrityException>(() => KeyFile.Parse("{\"N\":\"many\"}"u8));
    }

    [Fact]
    public void Default_parameters_are_what_restic_typically_writes()
    {
        Assert.Equal(new KdfParameters(32768, 8, 6), KdfParameters.Default);
        KdfParameters.Default.Validate();
        Assert.Equal(32L << 20, KdfParameters.Default.MemoryBytes);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();

        public override TimeZoneInfo LocalTimeZone { get; } =
            TimeZoneInfo.CreateCustomTimeZone("test", now.Offset, "test", "test");
    }
}
