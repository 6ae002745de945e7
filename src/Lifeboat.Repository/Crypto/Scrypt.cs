using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace Lifeboat.Repository.Crypto;

/// <summary>
/// The scrypt key derivation function (RFC 7914), the KDF of restic's key files. PBKDF2-HMAC-SHA256
/// comes from .NET; Salsa20/8, BlockMix and ROMix are implemented here with 128-bit vectors. The p
/// independent ROMix lanes run in parallel (memory permitting), so a derivation with restic's typical
/// p = 6 takes about the time of one or two lanes. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// Inside ROMix every 64-byte Salsa20 block is kept in "diagonal" order, four vectors
/// (x0 x5 x10 x15) (x4 x9 x14 x3) (x8 x13 x2 x7) (x12 x1 x6 x11): a column round is then one
/// quarter-round on the four vectors, and a row round is the same after rotating the lanes of three
/// of them. The order is applied when a block enters ROMix and undone when it leaves; XOR, addition
/// and the choice of j (word 0 stays in lane 0) do not depend on it.
/// </remarks>
public static class Scrypt
{
    /// <summary>The largest ROMix working memory (128 * r * N bytes) accepted: 2 GiB, as restic's checks.</summary>
    public const long MaxMemoryBytes = int.MaxValue;

    // Lanes run in parallel only while their working memory stays under this budget.
    private const long ParallelMemoryBudget = 512L * 1024 * 1024;

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

    private static void MixLanes(byte[] lanes, int n, int r, int p)
    {
        var laneBytes = 128 * r;
        var workspaceBytes = 128L * r * (n + 2);
        var parallel = (int)Math.Min(Math.Min(p, Environment.ProcessorCount), Math.Max(1, ParallelMemoryBudget / workspaceBytes));

        if (parallel <= 1)
        {
            var workspace = new Workspace(n, r);
            try
            {
                for (var lane = 0; lane < p; lane++)
                {
                    RoMix(lanes.AsSpan(lane * laneBytes, laneBytes), n, r, workspace);
                }
            }
            finally
            {
                workspace.Clear();
            }

            return;
        }

        Parallel.For(
            0,
            p,
            new ParallelOptions { MaxDegreeOfParallelism = parallel },
            () => new Workspace(n, r),
            (lane, _, workspace) =>
            {
                RoMix(lanes.AsSpan(lane * laneBytes, laneBytes), n, r, workspace);
                return workspace;
            },
            workspace => workspace.Clear());
    }

    private static void RoMix(Span<byte> block, int n, int r, Workspace workspace)
    {
        var blockVectors = 8 * r;
        var v = workspace.V;
        var x = workspace.X;
        var y = workspace.Y;

        Load(block, v.AsSpan(0, blockVectors));
        for (var i = 0; i < n - 1; i++)
        {
            BlockMix(v.AsSpan(i * blockVectors, blockVectors), v.AsSpan((i + 1) * blockVectors, blockVectors), r);
        }

        BlockMix(v.AsSpan((n - 1) * blockVectors, blockVectors), x, r);

        var mask = (uint)(n - 1);
        var last = (2 * r - 1) * 4;
        for (var i = 0; i < n; i++)
        {
            var j = (int)(x[last].ToScalar() & mask);
            BlockMixXor(x, v.AsSpan(j * blockVectors, blockVectors), y, r);
            (x, y) = (y, x);
        }

        Store(x, block);
    }

    // Y = BlockMix(B): B_i (i < 2r) are 64-byte blocks; Y = (Y0, Y2, ..., Y1, Y3, ...).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockMix(ReadOnlySpan<Vector128<uint>> input, Span<Vector128<uint>> output, int r)
    {
        var count = 2 * r;
        var a = input[(count * 4) - 4];
        var b = input[(count * 4) - 3];
        var c = input[(count * 4) - 2];
        var d = input[(count * 4) - 1];
        for (var i = 0; i < count; i++)
        {
            var k = i * 4;
            a ^= input[k];
            b ^= input[k + 1];
            c ^= input[k + 2];
            d ^= input[k + 3];
            Salsa208(ref a, ref b, ref c, ref d);
            var o = (((i & 1) * r) + (i >> 1)) * 4;
            output[o] = a;
            output[o + 1] = b;
            output[o + 2] = c;
            output[o + 3] = d;
        }
    }

    // Y = BlockMix(X xor V), without materializing X xor V.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockMixXor(ReadOnlySpan<Vector128<uint>> x, ReadOnlySpan<Vector128<uint>> v, Span<Vector128<uint>> output, int r)
    {
        var count = 2 * r;
        var lastK = (count * 4) - 4;
        var a = x[lastK] ^ v[lastK];
        var b = x[lastK + 1] ^ v[lastK + 1];
        var c = x[lastK + 2] ^ v[lastK + 2];
        var d = x[lastK + 3] ^ v[lastK + 3];
        for (var i = 0; i < count; i++)
        {
            var k = i * 4;
            a ^= x[k] ^ v[k];
            b ^= x[k + 1] ^ v[k + 1];
            c ^= x[k + 2] ^ v[k + 2];
            d ^= x[k + 3] ^ v[k + 3];
            Salsa208(ref a, ref b, ref c, ref d);
            var o = (((i & 1) * r) + (i >> 1)) * 4;
            output[o] = a;
            output[o + 1] = b;
            output[o + 2] = c;
            output[o + 3] = d;
        }
    }

    // The Salsa20/8 core on one block in diagonal order: 4 double rounds, then add the input.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Salsa208(ref Vector128<uint> a, ref Vector128<uint> b, ref Vector128<uint> c, ref Vector128<uint> d)
    {
        var x0 = a;
        var x1 = b;
        var x2 = c;
        var x3 = d;
        for (var round = 0; round < 4; round++)
        {
            // Column round: lane i of (x0, x1, x2, x3) is column i, starting on the diagonal.
            x1 ^= Rotate7(x0 + x3);
            x2 ^= Rotate9(x1 + x0);
            x3 ^= Rotate13(x2 + x1);
            x0 ^= Rotate18(x3 + x2);

            // Row round: rotate lanes so that lane i of (x0, t1, t2, t3) is row i, then rotate back.
            var t1 = Vector128.Shuffle(x3, Vector128.Create(1u, 2u, 3u, 0u));
            var t2 = Vector128.Shuffle(x2, Vector128.Create(2u, 3u, 0u, 1u));
            var t3 = Vector128.Shuffle(x1, Vector128.Create(3u, 0u, 1u, 2u));
            t1 ^= Rotate7(x0 + t3);
            t2 ^= Rotate9(t1 + x0);
            t3 ^= Rotate13(t2 + t1);
            x0 ^= Rotate18(t3 + t2);
            x3 = Vector128.Shuffle(t1, Vector128.Create(3u, 0u, 1u, 2u));
            x2 = Vector128.Shuffle(t2, Vector128.Create(2u, 3u, 0u, 1u));
            x1 = Vector128.Shuffle(t3, Vector128.Create(1u, 2u, 3u, 0u));
        }

        a += x0;
        b += x1;
        c += x2;
        d += x3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rotate7(Vector128<uint> value) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(value, 7) : (value << 7) | (value >>> 25);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rotate9(Vector128<uint> value) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(value, 9) : (value << 9) | (value >>> 23);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rotate13(Vector128<uint> value) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(value, 13) : (value << 13) | (value >>> 19);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rotate18(Vector128<uint> value) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(value, 18) : (value << 18) | (value >>> 14);

    // Little-endian words of each 64-byte block into diagonal order.
    private static void Load(ReadOnlySpan<byte> block, Span<Vector128<uint>> vectors)
    {
        for (var k = 0; k < block.Length / 64; k++)
        {
            var w = block.Slice(k * 64, 64);
            vectors[k * 4] = Vector128.Create(Word(w, 0), Word(w, 5), Word(w, 10), Word(w, 15));
            vectors[(k * 4) + 1] = Vector128.Create(Word(w, 4), Word(w, 9), Word(w, 14), Word(w, 3));
            vectors[(k * 4) + 2] = Vector128.Create(Word(w, 8), Word(w, 13), Word(w, 2), Word(w, 7));
            vectors[(k * 4) + 3] = Vector128.Create(Word(w, 12), Word(w, 1), Word(w, 6), Word(w, 11));
        }
    }

    private static void Store(ReadOnlySpan<Vector128<uint>> vectors, Span<byte> block)
    {
        ReadOnlySpan<int> order = [0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11];
        for (var k = 0; k < block.Length / 64; k++)
        {
            var w = block.Slice(k * 64, 64);
            for (var position = 0; position < 16; position++)
            {
                var value = vectors[(k * 4) + (position / 4)].GetElement(position % 4);
                BinaryPrimitives.WriteUInt32LittleEndian(w[(order[position] * 4)..], value);
            }
        }
    }

    private static uint Word(ReadOnlySpan<byte> block, int index) =>
        BinaryPrimitives.ReadUInt32LittleEndian(block[(index * 4)..]);

    private sealed class Workspace(int n, int r)
    {
        public Vector128<uint>[] V { get; } = GC.AllocateUninitializedArray<Vector128<uint>>(n * r * 8);

        public Vector128<uint>[] X { get; } = new Vector128<uint>[r * 8];

        public Vector128<uint>[] Y { get; } = new Vector128<uint>[r * 8];

        // The working memory holds values derived from the password.
        public void Clear()
        {
            Array.Clear(V);
            Array.Clear(X);
            Array.Clear(Y);
        }
    }
}
