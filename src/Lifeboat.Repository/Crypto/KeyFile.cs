using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeboat.Repository.Crypto;

/// <summary>
/// A key file, <c>keys/&lt;id&gt;</c> in a repository: the master key sealed with a key derived from one
/// password by scrypt, plus who made it. Stored as plain (unencrypted) JSON in restic's shape; its id
/// is the SHA-256 of the stored bytes. <c>data</c> is <c>IV || ciphertext || MAC</c> of the master key
/// JSON under the user key: the first 32 of the 64 scrypt bytes are the AES-256 key, the next 16 the
/// MAC's k, the last 16 its r.
/// </summary>
public sealed class KeyFile
{
    public const string ScryptKdf = "scrypt";

    /// <summary>restic's salt length; it refuses key files with another.</summary>
    public const int SaltLength = 64;

    internal const int DerivedKeyLength = CryptoKey.EncryptionKeySize + (2 * CryptoKey.MacKeyPartSize);

    private static readonly JsonSerializerOptions s_jsonOptions = new()
    {
        // Like Go: '+' and '/' of base64 stay as they are, and so do non-ASCII names.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = RepositoryJsonContext.Resolver,
    };

    [JsonPropertyName("created")]
    public ResticTime Created { get; set; }

    [JsonPropertyName("username")]
    public string? Username { get; set; } = "";

    [JsonPropertyName("hostname")]
    public string? Hostname { get; set; } = "";

    [JsonPropertyName("kdf")]
    public string? Kdf { get; set; } = ScryptKdf;

    [JsonPropertyName("N")]
    public int N { get; set; }

    [JsonPropertyName("r")]
    public int R { get; set; }

    [JsonPropertyName("p")]
    public int P { get; set; }

    [JsonPropertyName("salt")]
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "a JSON model of bytes restic stores as base64")]
    public byte[]? Salt { get; set; } = [];

    [JsonPropertyName("data")]
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "a JSON model of bytes restic stores as base64")]
    public byte[]? Data { get; set; } = [];

    [JsonIgnore]
    public KdfParameters Parameters => new(N, R, P);

    /// <summary>
    /// A new key file giving <paramref name="password"/> access to <paramref name="master"/>, with a
    /// fresh random salt and IV. Slow by design (one scrypt derivation with <paramref name="parameters"/>).
    /// A null user or host name is stored as "" (restic would fill in the current ones; callers that
    /// want that pass them).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The parameters are not valid scrypt parameters.</exception>
    public static KeyFile Create(
        string password,
        CryptoKey master,
        KdfParameters parameters,
        string? username,
        string? hostname,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(clock);
        parameters.Validate();

        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        byte[]? masterJson = null;
        using var user = DeriveUserKey(password, salt, parameters);
        try
        {
            masterJson = master.ToJson();
            return new KeyFile
            {
                Created = new ResticTime(clock.GetLocalNow()),
                Username = username ?? "",
                Hostname = hostname ?? "",
                Kdf = ScryptKdf,
                N = parameters.N,
                R = parameters.R,
                P = parameters.P,
                Salt = salt,
                Data = user.Encrypt(masterJson),
            };
        }
        finally
        {
            if (masterJson is not null)
            {
                CryptographicOperations.ZeroMemory(masterJson);
            }
        }
    }

    /// <summary>Reads a key file as stored in the repository.</summary>
    /// <exception cref="IntegrityException">The bytes are not a key file's JSON.</exception>
    public static KeyFile Parse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonSerializer.Deserialize<KeyFile>(utf8Json, s_jsonOptions)
                ?? throw new IntegrityException("the key file is empty (JSON null)");
        }
        catch (JsonException ex)
        {
            throw new IntegrityException("the key file is not valid JSON", ex);
        }
    }

    /// <summary>The bytes to store (compact JSON, fields in restic's order); the file's id is their SHA-256.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, s_jsonOptions);

    /// <summary>
    /// Derives the user key from <paramref name="password"/> and opens the master key. Returns false
    /// when the password does not open this key file (the MAC of <c>data</c> does not match, as with
    /// a wrong password or a damaged <c>data</c> field). Slow by design: one scrypt derivation.
    /// </summary>
    /// <exception cref="RepositoryException">
    /// The key file cannot be used with any password: a KDF other than scrypt, a salt that is not
    /// 64 bytes, invalid scrypt parameters (<see cref="IntegrityException"/> when the master key inside,
    /// correctly authenticated, is malformed). Messages never contain key material.
    /// </exception>
    public bool TryOpen(string password, [NotNullWhen(true)] out CryptoKey? master)
    {
        ArgumentNullException.ThrowIfNull(password);
        master = null;
        if (Kdf != ScryptKdf)
        {
            throw new RepositoryException($"the key file uses the KDF '{Kdf}'; only scrypt is supported");
        }

        var salt = Salt ?? [];
        if (salt.Length != SaltLength)
        {
            throw new RepositoryException($"the key file's salt has {salt.Length} bytes, not {SaltLength}");
        }

        try
        {
            Parameters.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new RepositoryException($"the key file has invalid scrypt parameters ({Parameters})", ex);
        }

        var data = Data ?? [];
        if (data.Length < CryptoKey.Overhead)
        {
            return false;
        }

        var plaintext = new byte[data.Length - CryptoKey.Overhead];
        try
        {
            using (var user = DeriveUserKey(password, salt, Parameters))
            {
                if (!user.TryDecrypt(data, plaintext, out _))
                {
                    return false;
                }
            }

            try
            {
                master = CryptoKey.FromJson(plaintext);
                return true;
            }
            catch (FormatException ex)
            {
                throw new IntegrityException("the master key inside the key file is malformed", ex);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static CryptoKey DeriveUserKey(string password, byte[] salt, KdfParameters parameters)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        byte[]? derived = null;
        try
        {
            derived = Scrypt.DeriveKey(passwordBytes, salt, parameters.N, parameters.R, parameters.P, DerivedKeyLength);
            return CryptoKey.FromKeyBytes(derived);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
            if (derived is not null)
            {
                CryptographicOperations.ZeroMemory(derived);
            }
        }
    }
}
