using System.Buffers.Binary;
using System.Security.Cryptography;
using Lifeboat.Repository.Crypto;

namespace Lifeboat.Repository.Tests.Crypto;

public sealed class AesCtrTests
{
    // NIST SP 800-38A, F.5.5 (CTR-AES256.Encrypt) and F.5.6 (CTR-AES256.Decrypt).
    private const string NistKey = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
    private const string NistCounter = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
    private const string NistPlaintext =
        "6bc1bee22e409f96e93d7e117393172a" + "ae2d8a571e03ac9c9eb76fac45af8e51" +
        "30c81c46a35ce411e5fbc1191a0a52ef" + "f69f2445df4f9b17ad2b417be66c3710";
    private const string NistCiphertext =
        "601ec313775789a5b7a7f504bbf3d228" + "f443e3ca4d62b59aca84e990cacaf5c5" +
        "2b0930daa23de94ce87017ba2d84988d" + "dfc9c58db67aada613c2dd08457941a6";

    [Fact]
    public void Encrypt_matches_nist_sp800_38a_F_5_5()
    {
        using var ctr = new AesCtr(Convert.FromHexString(NistKey));
        var plaintext = Convert.FromHexString(NistPlaintext);
        var ciphertext = new byte[plaintext.Length];

        ctr.Transform(Convert.FromHexString(NistCounter), plaintext, ciphertext);

        Assert.Equal(NistCiphertext, Convert.ToHexStringLower(ciphertext));
    }

    [Fact]
    public void Decrypt_matches_nist_sp800_38a_F_5_6_in_place()
    {
        using var ctr = new AesCtr(Convert.FromHexString(NistKey));
        var data = Convert.FromHexString(NistCiphertext);

        ctr.Transform(Convert.FromHexString(NistCounter), data);

        Assert.Equal(NistPlaintext, Convert.ToHexStringLower(data));
    }

    [Fact]
    public void Counter_is_one_big_endian_128_bit_number_that_wraps_around()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var ctr = new AesCtr(key);
        string[] ivs =
        [
            "ffffffffffffffffffffffffffffffff", // wraps to zero after one block
            "fffffffffffffffffffffffffffffffd",
            "0000000000000000fffffffffffffffe", // carry from the low into the high half
            "00000000000000000000000000000000",
            "0123456789abcdef0123456789abcdef",
        ];

        foreach (var iv in ivs)
        {
            var data = new byte[16 * 8];
            RandomNumberGenerator.Fill(data);
            var actual = new byte[data.Length];
            ctr.Transform(Convert.FromHexString(iv), data, actual);
            Assert.Equal(Convert.ToHexStringLower(ReferenceCtr(key, Convert.FromHexString(iv), data)), Convert.ToHexStringLower(actual));
        }
    }

    [Fact]
    public void Transform_matches_the_reference_across_chunk_boundaries_and_partial_blocks()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = Convert.FromHexString("00000000000000fffffffffffffffff0");
        using var ctr = new AesCtr(key);
        foreach (var length in new[] { 0, 1, 15, 16, 17, 100, 16383, 16384, 16385, 32768 + 5, 100_000 })
        {
            var data = RandomNumberGenerator.GetBytes(length);
            var expected = ReferenceCtr(key, iv, data);
            var actual = new byte[length];

            ctr.Transform(iv, data, actual);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"length {length}");

            ctr.Transform(iv, data); // in place
            Assert.True(expected.AsSpan().SequenceEqual(data), $"length {length}, in place");
        }
    }

    [Fact]
    public void Transform_refuses_partial_overlap_and_bad_arguments()
    {
        using var ctr = new AesCtr(new byte[32]);
        var buffer = new byte[64];
        var iv = new byte[16];

        Assert.Throws<ArgumentException>(() => ctr.Transform(iv, buffer.AsSpan(0, 32), buffer.AsSpan(1, 32)));
        Assert.Throws<ArgumentException>(() => ctr.Transform(iv, buffer.AsSpan(0, 32), buffer.AsSpan(32, 31)));
        Assert.Throws<ArgumentException>(() => ctr.Transform(new byte[15], buffer));
        Assert.Throws<ArgumentException>(() => new AesCtr(new byte[20]));
    }

    // One ECB call per block, counter kept as a UInt128: slow and obviously like Go's cipher.NewCTR.
    private static byte[] ReferenceCtr(byte[] key, byte[] iv, byte[] data)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var counter = BinaryPrimitives.ReadUInt128BigEndian(iv);
        var output = new byte[data.Length];
        var block = new byte[16];
        var stream = new byte[16];
        for (var offset = 0; offset < data.Length; offset += 16)
        {
            BinaryPrimitives.WriteUInt128BigEndian(block, counter);
            aes.EncryptEcb(block, stream, PaddingMode.None);
            for (var i = 0; i < 16 && offset + i < data.Length; i++)
            {
                output[offset + i] = (byte)(data[offset + i] ^ stream[i]);
            }

            counter = unchecked(counter + 1);
        }

        return output;
    }
}
