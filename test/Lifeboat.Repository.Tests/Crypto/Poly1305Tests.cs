using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Lifeboat.Repository.Crypto;

namespace Lifeboat.Repository.Tests.Crypto;

public sealed class Poly1305Tests
{
    private const string IetfText =
        "Any submission to the IETF intended by the Contributor for publication as all or part of an IETF " +
        "Internet-Draft or RFC and any statement made within the context of an IETF activity is considered " +
        "an \"IETF Contribution\". Such statements include oral statements in IETF sessions, as well as " +
        "written and electronic communications made at any time or place, which are addressed to";

    // RFC 8439 appendix A.3: (key r||s, message, tag), all hex except where a text is given.
    private static readonly (string Key, byte[] Message, string Tag)[] s_rfc8439AppendixA3 =
    [
        ("0000000000000000000000000000000000000000000000000000000000000000", new byte[64], "00000000000000000000000000000000"),
        ("0000000000000000000000000000000036e5f6b5c5e06070f0efca96227a863e", Encoding.ASCII.GetBytes(IetfText), "36e5f6b5c5e06070f0efca96227a863e"),
        ("36e5f6b5c5e06070f0efca96227a863e00000000000000000000000000000000", Encoding.ASCII.GetBytes(IetfText), "f3477e7cd95417af89a6b8794c310cf0"),
        (
            "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0",
            Convert.FromHexString(
                "2754776173206272696c6c69672c2061" + "6e642074686520736c6974687920746f" + "7665730a446964206779726520616e64" +
                "2067696d626c6520696e207468652077" + "6162653a0a416c6c206d696d73792077" + "6572652074686520626f726f676f7665" +
                "732c0a416e6420746865206d6f6d6520" + "7261746873206f757467726162652e"),
            "4541669a7eaaee61e708dc7cbcc5eb62"),
        ("0200000000000000000000000000000000000000000000000000000000000000", Convert.FromHexString("ffffffffffffffffffffffffffffffff"), "03000000000000000000000000000000"),
        ("02000000000000000000000000000000ffffffffffffffffffffffffffffffff", Convert.FromHexString("02000000000000000000000000000000"), "03000000000000000000000000000000"),
        (
            "0100000000000000000000000000000000000000000000000000000000000000",
            Convert.FromHexString("ffffffffffffffffffffffffffffffff" + "f0ffffffffffffffffffffffffffffff" + "11000000000000000000000000000000"),
            "05000000000000000000000000000000"),
        (
            "0100000000000000000000000000000000000000000000000000000000000000",
            Convert.FromHexString("ffffffffffffffffffffffffffffffff" + "fbfefefefefefefefefefefefefefefe" + "01010101010101010101010101010101"),
            "00000000000000000000000000000000"),
        ("0200000000000000000000000000000000000000000000000000000000000000", Convert.FromHexString("fdffffffffffffffffffffffffffffff"), "faffffffffffffffffffffffffffffff"),
        (
            "0100000000000000040000000000000000000000000000000000000000000000",
            Convert.FromHexString(
                "e33594d7505e43b90000000000000000" + "3394d7505e4379cd0100000000000000" + "00000000000000000000000000000000" + "01000000000000000000000000000000"),
            "14000000000000005500000000000000"),
        (
            "0100000000000000040000000000000000000000000000000000000000000000",
            Convert.FromHexString("e33594d7505e43b90000000000000000" + "3394d7505e4379cd0100000000000000" + "00000000000000000000000000000000"),
            "13000000000000000000000000000000"),
    ];

    // Poly1305-AES examples from D. J. Bernstein, "The Poly1305-AES message-authentication code"
    // (appendix B), as restic's own tests carry them: (message, r, k, nonce, tag).
    private static readonly (string Message, string R, string K, string Nonce, string Tag)[] s_poly1305AesPaper =
    [
        ("f3f6", "851fc40c3467ac0be05cc20404f3f700", "ec074c835580741701425b623235add6", "fb447350c4e868c52ac3275cf9d4327e", "f4c633c3044fc145f84f335cb81953de"),
        ("", "a0f3080000f46400d0c7e9076c834403", "75deaa25c09f208e1dc4ce6b5cad3fbf", "61ee09218d29b0aaed7e154a2c5509cc", "dd3fab2251f11ac759f0887129cc2ee7"),
        (
            "663cea190ffb83d89593f3f476b6bc24d7e679107ea26adb8caf6652d0656136",
            "48443d0bb0d21109c89a100b5ce2c208",
            "6acb5f61a7176dd320c5c1eb2edcdc74",
            "ae212a55399729595dea458bc621ff0e",
            "0ee1c16bb73f0f4fd19881753c01cdbe"),
        (
            "ab0812724a7f1e342742cbed374d94d136c6b8795d45b3819830f2c04491faf0990c62e48b8018b2c3e4a0fa3134cb67fa83e158c994d961c4cb21095c1bf9",
            "12976a08c4426d0ce8a82407c4f48207",
            "e1a5668a4d5b66a5f68cc5424ed5982d",
            "9ae831e743978d3a23527c7128149e3a",
            "5154ad0d2cb26e01274fc51148491f1b"),
    ];

    [Fact]
    public void Tag_matches_rfc8439_section_2_5_2()
    {
        var key = Convert.FromHexString("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        var tag = new byte[16];

        Poly1305.ComputeTag(key, "Cryptographic Forum Research Group"u8, tag);

        Assert.Equal("a8061dc1305136c6c22b8baf0c0127a9", Convert.ToHexStringLower(tag));
    }

    [Fact]
    public void Tags_match_rfc8439_appendix_A3()
    {
        for (var i = 0; i < s_rfc8439AppendixA3.Length; i++)
        {
            var (key, message, expected) = s_rfc8439AppendixA3[i];
            var tag = new byte[16];
            Poly1305.ComputeTag(Convert.FromHexString(key), message, tag);
            Assert.True(expected == Convert.ToHexStringLower(tag), $"vector #{i + 1}: expected {expected}, got {Convert.ToHexStringLower(tag)}");
            Assert.True(Poly1305.Verify(Convert.FromHexString(key), message, tag), $"vector #{i + 1} does not verify");
        }
    }

    [Fact]
    public void Poly1305_aes_matches_the_examples_of_the_poly1305_aes_paper()
    {
        foreach (var (message, r, k, nonce, expected) in s_poly1305AesPaper)
        {
            using var mac = new Poly1305Aes(Convert.FromHexString(k), Convert.FromHexString(r));
            var tag = new byte[16];
            mac.ComputeTag(Convert.FromHexString(nonce), Convert.FromHexString(message), tag);
            Assert.Equal(expected, Convert.ToHexStringLower(tag));
            Assert.True(mac.Verify(Convert.FromHexString(nonce), Convert.FromHexString(message), Convert.FromHexString(expected)));
        }
    }

    [Fact]
    public void Verify_rejects_a_tag_with_one_flipped_bit()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var message = RandomNumberGenerator.GetBytes(100);
        var tag = new byte[16];
        Poly1305.ComputeTag(key, message, tag);

        for (var bit = 0; bit < 128; bit++)
        {
            tag[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(Poly1305.Verify(key, message, tag));
            tag[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        Assert.True(Poly1305.Verify(key, message, tag));
        Assert.False(Poly1305.Verify(key, message, tag.AsSpan(0, 15)));
    }

    [Fact]
    public void Tag_matches_a_big_integer_reference_for_random_and_extreme_inputs()
    {
        var random = new Random(1305);
        byte[][] keys =
        [
            [.. Enumerable.Repeat((byte)0xff, 32)], // largest clamped r, s = 2^128 - 1
            [.. Enumerable.Repeat((byte)0x00, 32)],
            RandomNumberGenerator.GetBytes(32),
            RandomNumberGenerator.GetBytes(32),
        ];

        foreach (var key in keys)
        {
            int[] longer = [511, 512, 513, 1000, 1024 + 15, 4096 + 48, 65536 + 7];
            foreach (var length in Enumerable.Range(0, 301).Concat(longer))
            {
                foreach (var fill in new byte?[] { null, 0xff, 0x00 })
                {
                    var message = new byte[length];
                    if (fill is { } value)
                    {
                        message.AsSpan().Fill(value);
                    }
                    else
                    {
                        random.NextBytes(message);
                    }

                    var tag = new byte[16];
                    Poly1305.ComputeTag(key, message, tag);
                    Assert.Equal(Convert.ToHexStringLower(ReferenceTag(key, message)), Convert.ToHexStringLower(tag));
                }
            }
        }
    }

    [Fact]
    public void ComputeTag_rejects_a_key_that_is_not_32_bytes()
    {
        Assert.Throws<ArgumentException>(() => Poly1305.ComputeTag(new byte[31], [], new byte[16]));
        Assert.Throws<ArgumentException>(() => new Poly1305Aes(new byte[16], new byte[15]));
    }

    // The definition, with arbitrary-precision integers: h = ((h + block) * r) mod (2^130 - 5).
    private static byte[] ReferenceTag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        var rBytes = key[..16].ToArray();
        rBytes[3] &= 15;
        rBytes[7] &= 15;
        rBytes[11] &= 15;
        rBytes[15] &= 15;
        rBytes[4] &= 252;
        rBytes[8] &= 252;
        rBytes[12] &= 252;
        var r = new BigInteger(rBytes, isUnsigned: true);
        var s = new BigInteger(key[16..], isUnsigned: true);
        var p = (BigInteger.One << 130) - 5;
        var h = BigInteger.Zero;
        for (var offset = 0; offset < message.Length; offset += 16)
        {
            var block = message[offset..Math.Min(offset + 16, message.Length)];
            var n = new BigInteger(block, isUnsigned: true) + (BigInteger.One << (8 * block.Length));
            h = (h + n) * r % p;
        }

        var tag = (h + s) & ((BigInteger.One << 128) - 1);
        var bytes = new byte[16];
        tag.TryWriteBytes(bytes, out _, isUnsigned: true);
        return bytes;
    }
}
