using System.Security.Cryptography;
using System.Text.Json;
using Lifeboat.Repository.Crypto;

namespace Lifeboat.Repository.Tests.Crypto;

public sealed class CryptoKeyTests
{
    // From restic's internal/crypto tests: a box restic's code produced, with its keys.
    private const string ResticEncryptionKey = "303e8687b1d7db18421bdc6bb8588ccadac4d59ee87b8ff70c44e635790cafef";
    private const string ResticMacK = "ef4d8824cb80b2bcc5fbff8a9b12a42c";
    private const string ResticMacR = "cc8d4b948ee0ebfe1d415de921d10353";
    private const string ResticBox =
        "69fb41c62d12def4593bd71757138606338f621aeaeb39da0fe4f99233f8037a54ea63338a813bcf3f75d8c3cc75dddf8750";

    [Fact]
    public void Decrypt_opens_a_box_written_by_restic()
    {
        using var key = ResticKey();

        var plaintext = key.Decrypt(Convert.FromHexString(ResticBox));

        Assert.Equal("Dies ist ein Test!"u8.ToArray(), plaintext);
    }

    [Fact]
    public void Encrypt_then_Decrypt_round_trips_every_length_up_to_5000_and_beyond_a_mebibyte()
    {
        using var key = CryptoKey.NewRandom();
        var lengths = Enumerable.Range(0, 5001).Concat([(1 << 20) - 1, 1 << 20, (1 << 20) + 17, (3 << 20) + 5]);
        foreach (var length in lengths)
        {
            var plaintext = RandomNumberGenerator.GetBytes(length);
            var box = new byte[CryptoKey.CiphertextLength(length)];

            key.Encrypt(plaintext, box);
            var destination = new byte[length];
            var written = key.Decrypt(box, destination);

            Assert.Equal(length + CryptoKey.Overhead, box.Length);
            Assert.Equal(length, written);
            Assert.True(plaintext.AsSpan().SequenceEqual(destination), $"length {length}");
        }
    }

    [Fact]
    public void Encrypt_uses_a_fresh_iv_for_every_box()
    {
        using var key = CryptoKey.NewRandom();
        var plaintext = new byte[64];

        var first = key.Encrypt(plaintext);
        var second = key.Encrypt(plaintext);

        Assert.NotEqual(first.AsSpan(0, 16).ToArray(), second.AsSpan(0, 16).ToArray());
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Encrypt_writes_iv_then_aes_ctr_ciphertext_then_poly1305_aes_of_the_ciphertext()
    {
        var encryption = RandomNumberGenerator.GetBytes(32);
        var k = RandomNumberGenerator.GetBytes(16);
        var r = RandomNumberGenerator.GetBytes(16);
        using var key = new CryptoKey(encryption, k, r);
        var plaintext = RandomNumberGenerator.GetBytes(1000);

        var box = key.Encrypt(plaintext);

        var iv = box[..16];
        var ciphertext = box[16..^16];
        using var ctr = new AesCtr(encryption);
        var expected = new byte[plaintext.Length];
        ctr.Transform(iv, plaintext, expected);
        Assert.Equal(expected, ciphertext);
        using var mac = new Poly1305Aes(k, r);
        Assert.True(mac.Verify(iv, ciphertext, box[^16..]));
    }

    [Fact]
    public void Decrypt_rejects_a_flipped_bit_anywhere_before_writing_plaintext()
    {
        using var key = CryptoKey.NewRandom();
        var plaintext = RandomNumberGenerator.GetBytes(40);
        var box = key.Encrypt(plaintext);
        var destination = new byte[plaintext.Length];

        for (var bit = 0; bit < box.Length * 8; bit++)
        {
            box[bit / 8] ^= (byte)(1 << (bit % 8));
            destination.AsSpan().Fill(0xA5);

            var ex = Assert.Throws<IntegrityException>(() => key.Decrypt(box, destination));
            Assert.Equal("ciphertext verification failed", ex.Message);
            Assert.False(key.TryDecrypt(box, destination, out var written));
            Assert.Equal(0, written);
            Assert.False(key.Verify(box));
            Assert.All(destination, b => Assert.Equal(0xA5, b));

            box[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        Assert.Equal(plaintext, key.Decrypt(box));
    }

    [Fact]
    public void Decrypt_rejects_boxes_shorter_than_the_overhead()
    {
        using var key = CryptoKey.NewRandom();
        for (var length = 0; length < CryptoKey.Overhead; length++)
        {
            var box = new byte[length];
            Assert.Throws<IntegrityException>(() => key.Decrypt(box));
            Assert.Throws<IntegrityException>(() => key.Decrypt(box, new byte[64]));
            Assert.False(key.TryDecrypt(box, new byte[64], out _));
        }
    }

    [Fact]
    public void Decrypt_rejects_a_box_with_truncated_or_appended_bytes()
    {
        using var key = CryptoKey.NewRandom();
        var box = key.Encrypt(RandomNumberGenerator.GetBytes(100));

        Assert.Throws<IntegrityException>(() => key.Decrypt(box.AsSpan(0, box.Length - 1)));
        Assert.Throws<IntegrityException>(() => key.Decrypt([.. box, 0]));
        Assert.Throws<IntegrityException>(() => key.Decrypt(box.AsSpan(1)));
    }

    [Fact]
    public void Decrypt_with_another_key_fails()
    {
        using var key = CryptoKey.NewRandom();
        using var other = CryptoKey.NewRandom();
        var box = key.Encrypt(new byte[10]);

        Assert.Throws<IntegrityException>(() => other.Decrypt(box));
    }

    [Fact]
    public void Encrypt_and_Decrypt_work_in_place()
    {
        using var key = CryptoKey.NewRandom();
        var plaintext = RandomNumberGenerator.GetBytes(50_000);
        var buffer = new byte[CryptoKey.CiphertextLength(plaintext.Length)];
        plaintext.CopyTo(buffer, CryptoKey.IvSize);

        key.Encrypt(buffer.AsSpan(CryptoKey.IvSize, plaintext.Length), buffer);
        Assert.Equal(plaintext, key.Decrypt(buffer)); // the box is intact

        var written = key.Decrypt(buffer, buffer.AsSpan(CryptoKey.IvSize, plaintext.Length));
        Assert.Equal(plaintext.Length, written);
        Assert.True(plaintext.AsSpan().SequenceEqual(buffer.AsSpan(CryptoKey.IvSize, plaintext.Length)));
    }

    [Fact]
    public void Encrypt_and_Decrypt_refuse_short_destinations_and_partial_overlap()
    {
        using var key = CryptoKey.NewRandom();
        var buffer = new byte[200];

        Assert.Throws<ArgumentException>(() => key.Encrypt(new byte[10], new byte[41]));
        Assert.Throws<ArgumentException>(() => key.Encrypt(buffer.AsSpan(0, 100), buffer.AsSpan(5, 150)));
        var box = key.Encrypt(new byte[100]);
        Assert.Throws<ArgumentException>(() => key.Decrypt(box, new byte[99]));
        box.CopyTo(buffer, 0);
        Assert.Throws<ArgumentException>(() => key.Decrypt(buffer.AsSpan(0, box.Length), buffer.AsSpan(0, 100)));
    }

    [Fact]
    public void Concurrent_encrypt_and_decrypt_from_many_threads_round_trip()
    {
        using var key = CryptoKey.NewRandom();
        var boxes = new byte[256][];
        var plaintexts = new byte[256][];
        for (var i = 0; i < plaintexts.Length; i++)
        {
            plaintexts[i] = RandomNumberGenerator.GetBytes((i * 7919) % 70_000);
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = 16 };
        Parallel.For(0, plaintexts.Length, options, i => boxes[i] = key.Encrypt(plaintexts[i]));

        // Decrypt in another order, while other threads keep encrypting.
        var failures = 0;
        Parallel.For(0, plaintexts.Length * 2, options, j =>
        {
            var i = (j * 37) % plaintexts.Length;
            if (j % 2 == 0)
            {
                _ = key.Encrypt(plaintexts[i]);
            }
            else if (!key.Decrypt(boxes[i]).AsSpan().SequenceEqual(plaintexts[i]))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
        Assert.All(Enumerable.Range(0, plaintexts.Length), i => Assert.Equal(plaintexts[i], key.Decrypt(boxes[i])));
    }

    [Fact]
    public void ToJson_writes_restic_master_key_shape_and_FromJson_reads_it_back()
    {
        using var key = ResticKey();

        var json = key.ToJson();

        var expected =
            "{\"mac\":{\"k\":\"" + Convert.ToBase64String(Convert.FromHexString(ResticMacK)) +
            "\",\"r\":\"" + Convert.ToBase64String(Convert.FromHexString(ResticMacR)) +
            "\"},\"encrypt\":\"" + Convert.ToBase64String(Convert.FromHexString(ResticEncryptionKey)) + "\"}";
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(json));
        using var back = CryptoKey.FromJson(json);
        Assert.Equal("Dies ist ein Test!"u8.ToArray(), back.Decrypt(Convert.FromHexString(ResticBox)));
    }

    [Fact]
    public void FromJson_reads_restic_cat_masterkey_output()
    {
        // As "restic cat masterkey" prints it (indented), from restic's design document.
        var json = """
            {
              "mac": {
                "k": "evFWd9wWlndL9jc501268g==",
                "r": "E9eEDnSJZgqwTOkDtOp+Dw=="
              },
              "encrypt": "UQCqa0lKZ94PygPxMRqkePTZnHRYh1k1pX2k2lM2v3Q="
            }
            """u8;

        using var key = CryptoKey.FromJson(json);

        using var document = JsonDocument.Parse(key.ToJson());
        Assert.Equal("UQCqa0lKZ94PygPxMRqkePTZnHRYh1k1pX2k2lM2v3Q=", document.RootElement.GetProperty("encrypt").GetString());
        Assert.Equal("E9eEDnSJZgqwTOkDtOp+Dw==", document.RootElement.GetProperty("mac").GetProperty("r").GetString());
    }

    [Fact]
    public void FromJson_refuses_malformed_keys()
    {
        string[] bad =
        [
            "",
            "[]",
            "{}",
            "{\"mac\":{\"k\":\"AAAAAAAAAAAAAAAAAAAAAQ==\",\"r\":\"AAAAAAAAAAAAAAAAAAAAAQ==\"}}",
            "{\"mac\":{\"k\":\"AAAAAAAAAAAAAAAAAAAAAQ==\",\"r\":\"AAAAAAAAAAAAAAAAAAAAAQ==\"},\"encrypt\":\"AQ==\"}",
            "{\"mac\":{\"k\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"r\":\"AAAAAAAAAAAAAAAAAAAAAQ==\"},\"encrypt\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE=\"}",
            "{\"mac\":{\"k\":\"not base64\",\"r\":\"AAAAAAAAAAAAAAAAAAAAAQ==\"},\"encrypt\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE=\"}",
        ];

        foreach (var json in bad)
        {
            Assert.Throws<FormatException>(() => CryptoKey.FromJson(System.Text.Encoding.UTF8.GetBytes(json)));
        }

        var good = "{\"mac\":{\"k\":\"AAAAAAAAAAAAAAAAAAAAAQ==\",\"r\":\"AAAAAAAAAAAAAAAAAAAAAQ==\"},\"encrypt\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE=\"}";
        using var key = CryptoKey.FromJson(System.Text.Encoding.UTF8.GetBytes(good));
    }

    [Fact]
    public void Constructor_refuses_wrong_lengths_and_all_zero_parts()
    {
        Assert.Throws<ArgumentException>(() => new CryptoKey(new byte[31], new byte[16], new byte[16]));
        Assert.Throws<ArgumentException>(() => new CryptoKey(Ones(32), Ones(16), new byte[16]));
        Assert.Throws<ArgumentException>(() => new CryptoKey(new byte[32], Ones(16), Ones(16)));
    }

    [Fact]
    public void A_disposed_key_refuses_to_work()
    {
        var key = CryptoKey.NewRandom();
        var box = key.Encrypt(new byte[8]);
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.Encrypt(new byte[8]));
        Assert.Throws<ObjectDisposedException>(() => key.Decrypt(box));
    }

    private static byte[] Ones(int length) => Enumerable.Repeat((byte)1, length).ToArray();

    private static CryptoKey ResticKey() =>
        new(Convert.FromHexString(ResticEncryptionKey), Convert.FromHexString(ResticMacK), Convert.FromHexString(ResticMacR));
}
