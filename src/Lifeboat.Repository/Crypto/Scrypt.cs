using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Lifeboat.Repository.Crypto;

/// <summary>
/// The scrypt key derivation function (RFC 7914), the KDF of restic's key files. PBKDF2-HMAC-SHA256
/// comes from .NET; Salsa20/8, BlockMix and ROMix are implemented here with SIMD vectors
/// (<see cref="ScryptLane"/>, <see cref="ScryptLanePair"/>). The p independent lanes run two per
/// vector where AVX2 allows and in parallel where memory allows, so that restic's typical p = 6 costs
/// far less than six times p = 1. Stateless and thread-safe.
/// </summary>
public static class Scrypt
{
    /// <summary>The largest ROMix working memory (128 * r * N bytes) accepted: 2 GiB, as restic's checks.</summary>
    public const long MaxMemoryBytes = int.MaxValue;

    // Lanes run in parallel only while their working memory stays under this budget.
    // Peak memory of a key derivation: one pair of lanes at restic's default N and r (about what restic itself uses).
    private const long ParallelMemoryBudget = 64L * 1024 * 1024;

    /// <summary>Derives <paramref name="length"/> bytes from <paramref name="password"/> and <paramref name="salt"/>.</summary>
    /// <param name="password">The password bytes (restic: the UTF-8 encoding of the password string).</param>
    /// <param name="salt">The salt (restic: 64 random bytes from the key file).</param>
    /// <param name="n">CPU/memory cost: a power of two greater than 1 (and below 2^(16 r)).</param>
    /// <param name="r">Block size factor, at least 1.</param>
    /// <param name="p">Parallelization, at least 1, with r * p below 2^30.</param>
    /// <param name="length">Output length, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, or 128 * r * N exceeds <see cref="MaxMemoryBytes"/>.</exception>
    public static byte[] DeriveKey(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int n, int r, int p, int length)
    {
        Validate(n, r, p, length);

        var laneBytes = 128 * r;
        var lanes = new byte[laneBytes * p];
        try
        {
            Rfc2898DeriveBytes.Pbkdf2(password, salt, lanes, 1, HashAlgorithmName.SHA256);
            MixLanes(lanes, n, r, p);
            var result = new byte[length];
            Rfc2898DeriveBytes.Pbkdf2(password, lanes, result, 1, HashAlgorithmName.SHA256);
            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(lanes);
        }
    }

    /// <summary>Throws when (N, r, p, length) is not a valid scrypt parameter set for this implementation.</summary>
    /// <exception cref="ArgumentOutOfRangeException">See <see cref="DeriveKey"/>.</exception>
    public static void Validate(int n, int r, int p, int length)
    {
        if (n <= 1 || (n & (n - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "N must be a power of two greater than 1");
        }

        if (r < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(r), r, "r must be at least 1");
        }

        if (p < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be at least 1");
        }

        if (length < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "the key length must be at least 1");
        }

        if (r < 4 && n >= 1L << (16 * r))
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "N must be less than 2^(128 * r / 8)");
        }

        if ((long)r * p >= 1L << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "r * p must be less than 2^30");
        }

        if (128L * r * n > MaxMemoryBytes || 128L * r * p > MaxMemoryBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "128 * r * N and 128 * r * p must not exceed 2 GiB");
        }
    }

    // The p lanes are independent. Where AVX2 is available two lanes share each 256-bit vector
    // (ScryptLanePair), which costs little more than one: the Salsa20/8 chain is bound by latency.
    // Work items (a pair, or a single lane) then run in parallel while their memory fits the budget;
    // lanes too big to pair within the budget run one at a time.
    private static void MixLanes(byte[] lanes, int n, int r, int p)
    {
        var laneBytes = 128 * r;
        var laneMemory = 128L * r * (n + 2);
        var pairs = ScryptLanePair.IsSupported && 2 * laneMemory <= ParallelMemoryBudget ? p / 2 : 0;
        var items = pairs + (p - (2 * pairs));
        var lanesPerItem = pairs > 0 ? 2 : 1;
        var itemMemory = laneMemory * lanesPerItem;
        var parallel = (int)Math.Min(Math.Min(items, Environment.ProcessorCount), Math.Max(1, ParallelMemoryBudget / itemMemory));

        void Mix(int item, Workspace workspace)
        {
            if (item < pairs)
            {
                ScryptLanePair.RoMix(
                    lanes.AsSpan(2 * item * laneBytes, laneBytes),
                    lanes.AsSpan(((2 * item) + 1) * laneBytes, laneBytes),
                    n,
                    r,
                    MemoryMarshal.Cast<Vector128<uint>, Vector256<uint>>(workspace.V),
                    MemoryMarshal.Cast<Vector128<uint>, Vector256<uint>>(workspace.X.AsSpan()),
                    MemoryMarshal.Cast<Vector128<uint>, Vector256<uint>>(workspace.Y.AsSpan()));
            }
            else
            {
                var lane = (2 * pairs) + (item - pairs);
                ScryptLane.RoMix(lanes.AsSpan(lane * laneBytes, laneBytes), n, r, workspace.V, workspace.X, workspace.Y);
            }
        }

        if (parallel <= 1)
        {
            var workspace = new Workspace(n, r, lanesPerItem);
            try
            {
                for (var item = 0; item < items; item++)
                {
                    Mix(item, workspace);
                }
            }
            finally
            {
                workspace.Dispose();
            }

            return;
        }

        Parallel.For(
            0,
            items,
            new ParallelOptions { MaxDegreeOfParallelism = parallel },
            () => new Workspace(n, r, lanesPerItem),
            (item, _, workspace) =>
            {
                Mix(item, workspace);
                return workspace;
            },
            workspace => workspace.Dispose());
    }

    // Working memory for one work item: V (N blocks), X and Y (one block each) per lane. V, 32 MiB per lane
    // at restic's default N and r, is native memory returned to the system when the derivation ends: as a
    // managed array it stayed resident until a full collection, under every buffer the command used later.
    private sealed unsafe class Workspace : IDisposable
    {
        private readonly int _length;
        private Vector128<uint>* _v;

        public Workspace(int n, int r, int lanes)
        {
            _length = n * r * 8 * lanes;
            _v = (Vector128<uint>*)NativeMemory.AlignedAlloc((nuint)_length * (nuint)sizeof(Vector128<uint>), 64);
            X = new Vector128<uint>[r * 8 * lanes];
            Y = new Vector128<uint>[r * 8 * lanes];
        }

        public Span<Vector128<uint>> V => new(_v, _length);

        public Vector128<uint>[] X { get; }

        public Vector128<uint>[] Y { get; }

        // The working memory holds values derived from the password: zeroed before it is given back.
        public void Dispose()
        {
            if (_v == null)
            {
                return;
            }

            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(V));
            NativeMemory.AlignedFree(_v);
            _v = null;
            Array.Clear(X);
            Array.Clear(Y);
        }
    }
}
