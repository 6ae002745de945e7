using System.Security.Cryptography;

namespace Lifeboat.Repository.Crypto;

/// <summary>
/// Poly1305-AES as restic uses it (D. J. Bernstein, "The Poly1305-AES message-authentication code"):
/// the MAC key is k (an AES-128 key) and r (16 bytes, clamped when used); for a 16-byte nonce the
/// one-time Poly1305 key is <c>r || AES-128_k(nonce)</c>. restic passes the IV of a box as the nonce
/// and authenticates the ciphertext only.
/// </summary>
/// <remarks>NOT thread-safe (one AES transform and scratch block per instance).</remarks>
public sealed class Poly1305Aes : IDisposable
{
    public const int KeyPartSize = 16;
    public const int NonceSize = 16;
    public const int TagSize = Poly1305State.TagSize;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _r;
    private readonly byte[] _block = new byte[NonceSize];
    private bool _disposed;

    /// <exception cref="ArgumentException">k or r is not 16 bytes.</exception>
    public Poly1305Aes(ReadOnlySpan<byte> k, ReadOnlySpan<byte> r)
    {
        if (k.Length != KeyPartSize || r.Length != KeyPartSize)
        {
            throw new ArgumentException($"the Poly1305-AES key parts k and r have {KeyPartSize} bytes each");
        }

        _r = r.ToArray();
        _aes = Aes.Create();
        _aes.SetKey(k);
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>Writes the 16-byte MAC of <paramref name="message"/> under <paramref name="nonce"/>.</summary>
    public void ComputeTag(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> message, Span<byte> tag)
    {
        var state = Start(nonce);
        var done = state.Blocks(message);
        state.Finish(message[done..], tag);
    }

    /// <summary>Whether <paramref name="tag"/> is the MAC of <paramref name="message"/>; constant-time comparison.</summary>
    public bool Verify(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> message, ReadOnlySpan<byte> tag)
    {
        Span<byte> expected = stackalloc byte[TagSize];
        ComputeTag(nonce, message, expected);
        return tag.Length == TagSize && CryptographicOperations.FixedTimeEquals(expected, tag);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _ecb.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_r);
        CryptographicOperations.ZeroMemory(_block);
    }

    /// <summary>A Poly1305 state keyed for <paramref name="nonce"/>, for incremental use.</summary>
    internal Poly1305State Start(ReadOnlySpan<byte> nonce)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException($"the nonce has {NonceSize} bytes, not {nonce.Length}", nameof(nonce));
        }

        Span<byte> key = stackalloc byte[Poly1305State.KeySize];
        _r.CopyTo(key);
        nonce.CopyTo(_block);
        _ecb.TransformBlock(_block, 0, NonceSize, _block, 0);
        _block.CopyTo(key[KeyPartSize..]);
        var state = new Poly1305State(key);
        CryptographicOperations.ZeroMemory(key);
        return state;
    }
}
