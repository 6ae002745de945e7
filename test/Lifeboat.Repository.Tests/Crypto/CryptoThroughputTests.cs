using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using Lifeboat.Repository.Crypto;
using Xunit.Abstractions;

namespace Lifeboat.Repository.Tests.Crypto;

/// <summary>
/// Prints throughputs (run with <c>--logger "console;verbosity=detailed"</c>, in Release). Nothing is
/// asserted about speed: shared machines make timed assertions flaky. Each figure is the best of many
/// short runs, which approximates an idle core.
/// </summary>
public sealed class CryptoThroughputTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_budget = TimeSpan.FromMilliseconds(150);

    [Fact]
    public void Throughput_of_scrypt_poly1305_aes_ctr_and_boxes_is_reported()
    {
        var optimized = typeof(CryptoKey).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;
        output.WriteLine($"Lifeboat.Repository is {(optimized ? "optimized" : "NOT optimized (Debug build): figures are meaningless")}; {Environment.ProcessorCount} cores");

        if (!optimized)
        {
            return; // the unoptimized code is several times slower; measuring it wastes the suite's time
        }

        var salt = new byte[KeyFile.SaltLength];
        var scrypt = Best(3, () => Scrypt.DeriveKey("password"u8, salt, 32768, 8, 1, 64));
        output.WriteLine($"scrypt N=32768 r=8 p=1: {scrypt.TotalMilliseconds:F1} ms");
        var defaults = KdfParameters.Default;
        var scryptDefault = Best(1, () => Scrypt.DeriveKey("password"u8, salt, defaults.N, defaults.R, defaults.P, 64));
        output.WriteLine($"scrypt {defaults} (KdfParameters.Default): {scryptDefault.TotalMilliseconds:F1} ms");

        var data = RandomNumberGenerator.GetBytes(1 << 20);
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var tag = new byte[16];
        var output1 = new byte[data.Length];
        var box = new byte[CryptoKey.CiphertextLength(data.Length)];
        using var ctr = new AesCtr(key);
        using var master = CryptoKey.NewRandom();
        master.Encrypt(data, box);

        Report("Poly1305 (1 MiB)", data.Length, () => Poly1305.ComputeTag(key, data, tag));
        Report("AES-256-CTR (1 MiB)", data.Length, () => ctr.Transform(iv, data, output1));
        Report("CryptoKey.Encrypt (1 MiB)", data.Length, () => master.Encrypt(data, box));
        Report("CryptoKey.Decrypt (1 MiB)", data.Length, () => master.Decrypt(box, output1));
        Assert.True(data.AsSpan().SequenceEqual(output1));

        // Small boxes (tree blobs, index and snapshot files): 256 boxes of 4 KiB per run.
        var small = data.AsSpan(0, 4096).ToArray();
        var smallBox = new byte[CryptoKey.CiphertextLength(small.Length)];
        Report("CryptoKey.Encrypt (4 KiB boxes)", 256 * small.Length, () =>
        {
            for (var i = 0; i < 256; i++)
            {
                master.Encrypt(small, smallBox);
            }
        });
        Report("CryptoKey.Decrypt (4 KiB boxes)", 256 * small.Length, () =>
        {
            for (var i = 0; i < 256; i++)
            {
                master.Decrypt(smallBox, small);
            }
        });
    }

    private void Report(string name, int bytes, Action action)
    {
        var best = Best(int.MaxValue, action);
        output.WriteLine($"{name}: {bytes / best.TotalSeconds / 1e6:F0} MB/s");
    }

    private static TimeSpan Best(int runs, Action action)
    {
        action(); // warm-up (JIT, pools)
        var best = TimeSpan.MaxValue;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < runs && (i == 0 || total.Elapsed < s_budget); i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return best;
    }
}
