using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lifeboat.Repository.Crypto;

/// <summary>
/// A restic key: a 32-byte AES-256 encryption key and a Poly1305-AES MAC key (k, r). It seals data
/// as <c>IV || AES-256-CTR(plaintext) || Poly1305-AES(IV, ciphertext)</c> with a fresh random IV, and
/// opens such boxes only after their MAC has been verified. The repository's master key and the
/// per-password user key of a key file are both of this kind.
/// </summary>
/// <remarks>
/// Thread-safe: any number of threads may encrypt and decrypt at once. Each call borrows an AES
/// context pair from a small internal pool (one per concurrently active thread). <see cref="Dispose"/>
/// releases the pool and wipes the key bytes; the key must not be used afterwards.
/// </remarks>
public sealed class CryptoKey : IDisposable
{
    public const int EncryptionKeySize = 32;
    public const int MacKeyPartSize = 16;
    public const int IvSize = 16;
    public const int MacSize = 16;

    /// <summary>Bytes a box adds to its plaintext: the IV in front and the MAC behind.</summary>
    public const int Overhead = IvSize + MacSize;

    private const string VerificationFailed = "ciphertext verification failed";

    private readonly byte[] _encryptionKey;
    private readonly byte[] _macK;
    private readonly byte[] _macR;
    private readonly ConcurrentBag<Ciphers> _pool = [];
    private volatile bool _disposed;

    /// <exception cref="ArgumentException">A part has the wrong length or is all zero (restic rejects such keys).</exception>
    public CryptoKey(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> macK, ReadOnlySpan<byte> macR)
    {
        if (encryptionKey.Length != EncryptionKeySize || macK.Length != MacKeyPartSize || macR.Length != MacKeyPartSize)
        {
            throw new ArgumentException(
                $"a key has a {EncryptionKeySize}-byte encryption key and two {MacKeyPartSize}-byte MAC key parts");
        }

        if (IsZero(encryptionKey) || IsZero(macK) || IsZero(macR))
        {
            throw new ArgumentException("a key part is all zero");
        }

        _encryptionKey = encryptionKey.ToArray();
        _macK = macK.ToArray();
        _macR = macR.ToArray();
    }

    /// <summary>A new key from the system's cryptographic random number generator.</summary>
    public static CryptoKey NewRandom()
    {
        Span<byte> bytes = stackalloc byte[EncryptionKeySize + (2 * MacKeyPartSize)];
        try
        {
            do
            {
                RandomNumberGenerator.Fill(bytes);
            }
            while (IsZero(bytes[..EncryptionKeySize]) || IsZero(bytes.Slice(EncryptionKeySize, MacKeyPartSize)) || IsZero(bytes[(EncryptionKeySize + MacKeyPartSize)..]));

            return FromKeyBytes(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The length of the box holding a plaintext of <paramref name="plaintextLength"/> bytes.</summary>
    public static int CiphertextLength(int plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        return checked(plaintextLength + Overhead);
    }

    /// <summary>
    /// Seals <paramref name="plaintext"/> into <paramref name="destination"/> as <c>IV || ciphertext || MAC</c>
    /// (exactly <see cref="CiphertextLength"/> bytes are written). The plaintext may already sit where
    /// the ciphertext goes (at <c>destination[16..]</c>, encrypting in place); any other overlap is refused.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is too short or overlaps the plaintext partially.</exception>
    public void Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var length = plaintext.Length;
        if (destination.Length < CiphertextLength(length))
        {
            throw new ArgumentException($"the destination needs {CiphertextLength(length)} bytes, it has {destination.Length}", nameof(destination));
        }

        if (destination.Overlaps(plaintext, out var offset) && offset != IvSize)
        {
            throw new ArgumentException("the plaintext overlaps the destination other than at the ciphertext position", nameof(destination));
        }

        var iv = destination[..IvSize];
        do
        {
            RandomNumberGenerator.Fill(iv);
        }
        while (IsZero(iv)); // restic refuses an all-zero nonce

        var ciphertext = destination.Slice(IvSize, length);
        var ciphers = Rent();
        try
        {
            ciphers.Ctr.Transform(iv, plaintext, ciphertext);
            ciphers.Mac.ComputeTag(iv, ciphertext, destination.Slice(IvSize + length, MacSize));
        }
        finally
        {
            Return(ciphers);
        }
    }

    /// <summary>Seals <paramref name="plaintext"/> into a new array (see <see cref="Encrypt(ReadOnlySpan{byte}, Span{byte})"/>).</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext)
    {
        var box = GC.AllocateUninitializedArray<byte>(CiphertextLength(plaintext.Length));
        Encrypt(plaintext, box);
        return box;
    }

    /// <summary>
    /// Opens <paramref name="box"/> (<c>IV || ciphertext || MAC</c>) into <paramref name="destination"/>
    /// and returns the plaintext length. The MAC is verified first, in constant time; when it does not
    /// match, nothing is written. The destination may be the ciphertext itself (<c>box[16..^16]</c>,
    /// decrypting in place); any other overlap is refused.
    /// </summary>
    /// <exception cref="IntegrityException">The MAC does not match, or the box is shorter than <see cref="Overhead"/>.</exception>
    /// <exception cref="ArgumentException">The destination is too short or overlaps the box partially.</exception>
    public int Decrypt(ReadOnlySpan<byte> box, Span<byte> destination) =>
        TryDecrypt(box, destination, out var written) ? written : throw new IntegrityException(VerificationFailed);

    /// <summary>Opens <paramref name="box"/> into a new array (see <see cref="Decrypt(ReadOnlySpan{byte}, Span{byte})"/>).</summary>
    /// <exception cref="IntegrityException">The MAC does not match, or the box is too short.</exception>
    public byte[] Decrypt(ReadOnlySpan<byte> box)
    {
        if (box.Length < Overhead)
        {
            throw new IntegrityException(VerificationFailed);
        }

        var plaintext = GC.AllocateUninitializedArray<byte>(box.Length - Overhead);
        Decrypt(box, plaintext);
        return plaintext;
    }

    /// <summary>
    /// As <see cref="Decrypt(ReadOnlySpan{byte}, Span{byte})"/>, but returns false instead of throwing
    /// when the box fails verification (a MAC mismatch, a box shorter than 32 bytes, or an all-zero
    /// IV, which restic refuses too).
    /// </summary>
    /// <exception cref="ArgumentException">The destination is too short or overlaps the box partially.</exception>
    public bool TryDecrypt(ReadOnlySpan<byte> box, Span<byte> destination, out int bytesWritten)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        bytesWritten = 0;
        if (box.Length < Overhead)
        {
            return false;
        }

        var length = box.Length - Overhead;
        if (destination.Length < length)
        {
            throw new ArgumentException($"the destination needs {length} bytes, it has {destination.Length}", nameof(destination));
        }

        var iv = box[..IvSize];
        var ciphertext = box.Slice(IvSize, length);
        var mac = box[(IvSize + length)..];
        var plaintext = destination[..length];
        if (plaintext.Overlaps(box, out var offset) && offset != -IvSize)
        {
            throw new ArgumentException("the destination overlaps the box other than at the ciphertext", nameof(destination));
        }

        if (IsZero(iv))
        {
            return false;
        }

        var ciphers = Rent();
        try
        {
            if (!ciphers.Mac.Verify(iv, ciphertext, mac))
            {
                return false;
            }

            ciphers.Ctr.Transform(iv, ciphertext, plaintext);
        }
        finally
        {
            Return(ciphers);
        }

        bytesWritten = length;
        return true;
    }

    /// <summary>Whether the MAC of <paramref name="box"/> matches, without decrypting it.</summary>
    public bool Verify(ReadOnlySpan<byte> box)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (box.Length < Overhead || IsZero(box[..IvSize]))
        {
            return false;
        }

        var ciphers = Rent();
        try
        {
            return ciphers.Mac.Verify(box[..IvSize], box[IvSize..^MacSize], box[^MacSize..]);
        }
        finally
        {
            Return(ciphers);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        while (_pool.TryTake(out var ciphers))
        {
            ciphers.Dispose();
        }

        CryptographicOperations.ZeroMemory(_encryptionKey);
        CryptographicOperations.ZeroMemory(_macK);
        CryptographicOperations.ZeroMemory(_macR);
    }

    /// <summary>
    /// The key as restic stores the master key inside a key file (and prints it with
    /// <c>restic cat masterkey</c>): <c>{"mac":{"k":"…","r":"…"},"encrypt":"…"}</c>, UTF-8, base64 values.
    /// The result holds secrets: wipe it after use.
    /// </summary>
    public byte[] ToJson()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var buffer = new ArrayBufferWriter<byte>(160);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("mac");
            writer.WriteBase64String("k", _macK);
            writer.WriteBase64String("r", _macR);
            writer.WriteEndObject();
            writer.WriteBase64String("encrypt", _encryptionKey);
            writer.WriteEndObject();
        }

        var json = buffer.WrittenSpan.ToArray();
        buffer.Clear(); // ArrayBufferWriter.Clear zeroes the written bytes
        return json;
    }

    /// <summary>Reads the JSON form written by <see cref="ToJson"/> (and by restic).</summary>
    /// <exception cref="FormatException">Not that JSON shape, or a part with the wrong length or all zero.</exception>
    public static CryptoKey FromJson(ReadOnlySpan<byte> utf8Json)
    {
        Span<byte> bytes = stackalloc byte[EncryptionKeySize + (2 * MacKeyPartSize)];
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("mac", out var mac) || mac.ValueKind != JsonValueKind.Object
                || !TryReadBase64(root, "encrypt", bytes[..EncryptionKeySize])
                || !TryReadBase64(mac, "k", bytes.Slice(EncryptionKeySize, MacKeyPartSize))
                || !TryReadBase64(mac, "r", bytes[(EncryptionKeySize + MacKeyPartSize)..]))
            {
                throw new FormatException("the key is not {\"mac\":{\"k\":…,\"r\":…},\"encrypt\":…} with 16, 16 and 32 base64 bytes");
            }

            return FromKeyBytes(bytes);
        }
        catch (JsonException ex)
        {
            throw new FormatException("the key is not valid JSON", ex);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>A key from 64 bytes laid out as restic's KDF output: encryption key, then k, then r.</summary>
    internal static CryptoKey FromKeyBytes(ReadOnlySpan<byte> bytes) =>
        new(
            bytes[..EncryptionKeySize],
            bytes.Slice(EncryptionKeySize, MacKeyPartSize),
            bytes.Slice(EncryptionKeySize + MacKeyPartSize, MacKeyPartSize));

    private static bool TryReadBase64(JsonElement parent, string name, Span<byte> destination)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var text = element.GetString();
        return text is not null
            && Convert.TryFromBase64String(text, destination, out var written)
            && written == destination.Length;
    }

    private static bool IsZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);

    private Ciphers Rent()
    {
        if (_pool.TryTake(out var ciphers))
        {
            return ciphers;
        }

        ciphers = new Ciphers(_encryptionKey, _macK, _macR);
        if (_disposed)
        {
            // Dispose may have wiped the key bytes while they were being copied.
            ciphers.Dispose();
            ObjectDisposedException.ThrowIf(true, this);
        }

        return ciphers;
    }

    private void Return(Ciphers ciphers)
    {
        if (_disposed)
        {
            ciphers.Dispose();
            return;
        }

        _pool.Add(ciphers);
    }

    private sealed class Ciphers(byte[] encryptionKey, byte[] macK, byte[] macR) : IDisposable
    {
        public AesCtr Ctr { get; } = new(encryptionKey);

        public Poly1305Aes Mac { get; } = new(macK, macR);

        public void Dispose()
        {
            Ctr.Dispose();
            Mac.Dispose();
        }
    }
}
