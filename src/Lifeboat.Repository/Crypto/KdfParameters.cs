namespace Lifeboat.Repository.Crypto;

/// <summary>The scrypt cost parameters stored in a key file (<c>"N"</c>, <c>"r"</c>, <c>"p"</c>).</summary>
/// <param name="N">CPU/memory cost, a power of two greater than 1.</param>
/// <param name="R">Block size factor.</param>
/// <param name="P">Parallelization factor.</param>
public readonly record struct KdfParameters(int N, int R, int P)
{
    /// <summary>
    /// What restic 0.14 typically writes into a new key file, so that restic opens our keys in about
    /// the time it opens its own. restic calibrates when it adds a key (simple-scrypt's Calibrate with
    /// a 60 MiB memory and a 500 ms time target): N is the largest power of two with 128 * 8 * N below
    /// 60 MiB, that is 32768 (32 MiB), unless one derivation alone exceeds 500 ms; r is fixed at 8; p
    /// is 500 ms divided by the time Go takes for one N = 32768 derivation. On the machine this was
    /// written on, restic 0.14 wrote p = 6 and p = 7 (about 75 ms per derivation); faster machines get
    /// a somewhat higher p. We take p = 6: restic then needs roughly 0.5 s to open one of our keys,
    /// and we need well under that, because our p lanes run in pairs and in parallel.
    /// </summary>
    public static KdfParameters Default { get; } = new(32768, 8, 6);

    /// <summary>Memory one scrypt lane needs (128 * r * N bytes).</summary>
    public long MemoryBytes => 128L * R * N;

    /// <summary>Throws when the parameters are unusable (see <see cref="Scrypt.Validate"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">N, r or p is out of range.</exception>
    public void Validate() => Scrypt.Validate(N, R, P, KeyFile.DerivedKeyLength);

    public override string ToString() => $"N={N} r={R} p={P}";
}
