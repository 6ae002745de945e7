using System.Text;
using Lifeboat.Repository.Crypto;

namespace Lifeboat.Repository.Tests.Crypto;

public sealed class ScryptTests
{
    [Fact]
    public void DeriveKey_matches_rfc7914_vector_1_empty_password_and_salt()
    {
        var key = Scrypt.DeriveKey([], [], 16, 1, 1, 64);

        Assert.Equal(
            "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442" +
            "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906",
            Convert.ToHexStringLower(key));
    }

    [Fact]
    public void DeriveKey_matches_rfc7914_vector_2_with_sixteen_lanes()
    {
        var key = Scrypt.DeriveKey("password"u8, "NaCl"u8, 1024, 8, 16, 64);

        Assert.Equal(
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162" +
            "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640",
            Convert.ToHexStringLower(key));
    }

    [Fact]
    public void DeriveKey_matches_rfc7914_vector_3()
    {
        var key = Scrypt.DeriveKey("pleaseletmein"u8, "SodiumChloride"u8, 16384, 8, 1, 64);

        Assert.Equal(
            "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2" +
            "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887",
            Convert.ToHexStringLower(key));
    }

    // RFC 7914's fourth vector (N = 2^20) needs 1 GiB; these odd shapes come from Python's
    // hashlib.scrypt (OpenSSL) instead: an odd r, several lanes, the smallest N and output.
    [Fact]
    public void DeriveKey_matches_openssl_for_odd_r_and_several_lanes()
    {
        Assert.Equal(
            "ba177ea6e35e854a2baf4e32346fc3f79c9525f18fafec5a1e3ba86c00a4f9e7" +
            "1a888143d239cddd0d010f94e57ce6257e17b4454b2f79bb09265564337199da",
            Convert.ToHexStringLower(Scrypt.DeriveKey("restic"u8, "lifeboat"u8, 64, 3, 3, 64)));
        Assert.Equal("6d", Convert.ToHexStringLower(Scrypt.DeriveKey("x"u8, "y"u8, 2, 1, 1, 1)));
    }

    // Lanes are mixed two at a time where AVX2 allows: even and odd p, one pair and several.
    [Fact]
    public void DeriveKey_matches_openssl_for_lane_counts_that_pair_up_or_not()
    {
        Assert.Equal(
            "d5d4fb3a6a574291c0d4fe88e41ce1ec6142f2607a375f7b545230365f9c3613" +
            "0dead55ca36b0be666a129380b7ad392b094b2f53fb8f90cfcce985567429d04",
            Convert.ToHexStringLower(Scrypt.DeriveKey("a"u8, "b"u8, 16, 1, 2, 64)));
        Assert.Equal(
            "12dfcfc414e7311331108a9ae7cc0d55db8a791a0717a3137418fecf515fbbf5" +
            "d9c4baa0aa84c0d380134bab4403dedfd09c9ed49d15af969197ea119ef41900",
            Convert.ToHexStringLower(Scrypt.DeriveKey("pass"u8, Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("salt", 16))), 1024, 8, 5, 64)));
        Assert.Equal(
            "e86c4010dd9d9a65cfd82a086237790e9cfd5ef39e34029cdb7e59e8bda54248" +
            "8bf327db252593511c848dd32899ad53269899e38f0a4ad1130be0975931f3d9",
            Convert.ToHexStringLower(Scrypt.DeriveKey("x"u8, "y"u8, 256, 2, 7, 64)));
    }

    // A key file is untrusted input: a large r must not put 8 r vectors on the stack.
    [Fact]
    public void DeriveKey_handles_a_large_r_with_two_lanes()
    {
        Assert.Equal(
            "2af6acb58fdc06260d6d22ba314492b91fde6e6c05f323102ee1944f0d2cbf71",
            Convert.ToHexStringLower(Scrypt.DeriveKey("r"u8, "large"u8, 2, 20000, 2, 32)));
    }

    [Fact]
    public void DeriveKey_refuses_invalid_parameters()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Scrypt.DeriveKey([], [], 1, 8, 1, 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scrypt.DeriveKey([], [], 0, 8, 1, 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scrypt.DeriveKey([], [], 1000, 8, 1, 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scrypt.DeriveKey([], [], -16, 8, 1, 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scrypt.DeriveKey([], [], 16, 0, 1, 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scrypt.DeriveKey([], [], 16, 8, 0, 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scrypt.DeriveKey([], [], 16, 8, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scrypt.DeriveKey([], [], 1 << 16, 1, 1, 32)); // N >= 2^(16 r)
        Assert.Throws<ArgumentOutOfRangeException>(() => Scrypt.DeriveKey([], [], 1 << 22, 8, 1, 32)); // 4 GiB
        Assert.Throws<ArgumentOutOfRangeException>(() => Scrypt.DeriveKey([], [], 16, 1 << 15, 1 << 15, 32)); // r * p >= 2^30
    }
}
