using System.Security.Cryptography;

namespace Lifeboat.Repository.Crypto;

/// <summary>
/// The Poly1305 one-time authenticator (RFC 8439, section 2.5). The 32-byte key is <c>r || s</c>;
/// r is clamped here, as the RFC says. A key must authenticate one message only. Stateless and
/// thread-safe.
/// </summary>
public static class Poly1305
{
    public const int KeySize = Poly1305State.KeySize;
    public const int TagSize = Poly1305State.TagSize;

    /// <summary>Writes the 16-byte tag of <paramref name="message"/> to <paramref name="tag"/>.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes or the tag is shorter than 16.</exception>
    public static void ComputeTag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> tag)
    {
        var state = new Poly1305State(key);
        var done = state.Blocks(message);
        state.Finish(message[done..], tag);
    }

    /// <summary>Whether <paramref name="tag"/> is the tag of <paramref name="message"/>, compared in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> tag)
    {
        Span<byte> expected = stackalloc byte[TagSize];
        ComputeTag(key, message, expected);
        return tag.Length == TagSize && CryptographicOperations.FixedTimeEquals(expected, tag);
    }
}
