namespace Lifeboat.Repository.Crypto;

/// <summary>The scrypt cost parameters stored in a key file (<c>"N"</c>, <c>"r"</c>, <c>"p"</c>).</summary>
/// <param name="N">CPU/memory cost, a power of two greater than 1.</param>
/// <param name="R">Block size factor.</param>
/// <param name="P">Parallelization factor.</param>
public readonly record struct KdfParameters(int N, int R, int P)
{
    /// <summary>
    /// What restic 0.14 typically writes into a new key file, so that restic opens our keys in the
    /// time it opens its own. restic calibrates when it adds a key (simple-scrypt's Calibrate with a
    /// 60 MiB memory and 500 ms time target): N is the largest power of two with 128 * 8 * N below
    /// 60 MiB, 32768 (32 MiB), unless one derivation already exceeds 500 ms; r is fixed at 8; p is
    /// 500 ms divided by the time of one N=32768 derivation in Go, which is 60-90 ms on current x86
    /// machines, so p = 6 or 7 (restic 0.14 here wrote p = 6 and p = 7). We take p = 6: opening costs
    /// restic about 0.4-0.5 s, and us well under that because we run the p lanes in parallel.
    /// </summary>
    public static KdfParameters Default { get; } = new(32768, 8, 6);

    /// <summary>Memory one scrypt lane needs (128 * r * N bytes).</summary>
    public long MemoryBytes => 128L * R * N;

    /// <summary>Throws when the parameters are unusable (see <see cref="Scrypt.Validate"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">N, r or p is out of range.</exception>
    public void Validate() => Scrypt.Validate(N, R, P, KeyFile.DerivedKeyLength);

    public override string ToString() => $"N={N} r={R} p={P}";
}
