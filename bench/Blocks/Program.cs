using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using Lifeboat.Repository.Chunking;
using Lifeboat.Repository.Compression;
using Lifeboat.Repository.Crypto;

namespace Lifeboat.Bench.Blocks;

/// <summary>
/// Measures each step of Lifeboat's backup and restore data path on a corpus, one thread at a time,
/// in CPU seconds (robust to a loaded machine), with the engine's own classes: the chunker, SHA-256,
/// the entropy test, zstd through ZstdSharp (and native libzstd for comparison), AES-CTR, Poly1305,
/// CryptoKey, scrypt. Sums them into the CPU a backup and a restore of the corpus need at least.
/// </summary>
internal static partial class Program
{
    private const int PackSize = 16 * 1024 * 1024;

    private static readonly List<Stage> Stages = [];

    private static int Main(string[] args)
    {
        string? corpus = null;
        string? jsonPath = null;
        string? scratch = null;
        long limit = long.MaxValue;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--corpus": corpus = args[++i]; break;
                case "--json": jsonPath = args[++i]; break;
                case "--scratch": scratch = args[++i]; break;
                case "--limit-mb": limit = long.Parse(args[++i], CultureInfo.InvariantCulture) * 1_000_000; break;
                default:
                    Console.Error.WriteLine("usage: lifeboat-blocks [--corpus DIR] [--limit-mb N] [--scratch DIR] [--json FILE]");
                    return 2;
            }
        }

        corpus ??= DotnetDirectory() ?? throw new InvalidOperationException("no corpus: give --corpus DIR");
        var work = scratch is null
            ? Directory.CreateTempSubdirectory("lifeboat-blocks-")
            : Directory.CreateDirectory(Path.Combine(scratch, $"lifeboat-blocks-{Guid.NewGuid():N}"));
        try
        {
            Run(corpus, limit, work.FullName, jsonPath);
        }
        finally
        {
            work.Delete(recursive: true);
        }

        return 0;
    }

    private static void Run(string corpus, long limit, string scratch, string? jsonPath)
    {
        Console.WriteLine($"corpus {corpus}; one thread per step; CPU seconds of this process; load {File.ReadAllText("/proc/loadavg").Trim()}");

        // Warm-up: JIT every path on a little data first, so that tiering does not count.
        var paths = Directory.EnumerateFiles(corpus, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(p => new FileInfo(p).LinkTarget is null)
            .Order(StringComparer.Ordinal)
            .ToList();
        var polynomial = Polynomial.Parse("3DA3358B4DC173"); // any irreducible degree-53 polynomial: same cost
        using var key = CryptoKey.NewRandom();
        WarmUp(polynomial, key);
        Stages.Clear();

        // 1. Read files from the page cache, as the reader workers do (4 MiB reads into one buffer);
        // then load them into memory for the other steps (not measured).
        var files = new List<byte[]>();
        long total = 0;
        foreach (var path in paths)
        {
            if (total >= limit)
            {
                break;
            }

            files.Add(File.ReadAllBytes(path));
            total += files[^1].Length;
        }

        Measure("read files (open, 4 MiB reads, close)", "backup", () =>
        {
            var buffer = new byte[4 * 1024 * 1024];
            long read = 0;
            foreach (var path in paths.Take(files.Count))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
                int n;
                while ((n = stream.Read(buffer)) > 0)
                {
                    read += n;
                }
            }

            return read;
        });
        Console.WriteLine($"  {files.Count} files, {total / 1e6:F0} MB");

        // 2. Chunk.
        var chunks = new List<(int File, int Offset, int Length)>();
        Measure("chunk (Rabin, restic's chunker)", "backup", () =>
        {
            var chunker = new Chunker(polynomial);
            for (var f = 0; f < files.Count; f++)
            {
                var data = files[f];
                chunker.Reset();
                int start = 0, position = 0;
                while (position < data.Length)
                {
                    position += chunker.FindBoundary(data.AsSpan(position), out var boundary);
                    if (boundary)
                    {
                        chunks.Add((f, start, position - start));
                        start = position;
                    }
                }

                if (position > start)
                {
                    chunks.Add((f, start, position - start));
                }
            }

            return total;
        });

        ReadOnlySpan<byte> Chunk((int File, int Offset, int Length) c) => files[c.File].AsSpan(c.Offset, c.Length);

        // 3. Hash; the blobs to store are the distinct ones.
        var ids = new byte[chunks.Count][];
        Measure("SHA-256 (chunk ids)", "backup", () =>
        {
            for (var i = 0; i < chunks.Count; i++)
            {
                ids[i] = SHA256.HashData(Chunk(chunks[i]));
            }

            return total;
        });
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = Enumerable.Range(0, chunks.Count).Where(i => seen.Add(Convert.ToHexString(ids[i]))).Select(i => chunks[i]).ToList();
        long uniqueBytes = unique.Sum(c => (long)c.Length);
        Console.WriteLine($"  {chunks.Count} chunks, {unique.Count} distinct ({uniqueBytes / 1e6:F0} MB)");

        Measure("copy chunk to a pooled buffer", "backup", () =>
        {
            foreach (var c in unique)
            {
                var copy = ArrayPool<byte>.Shared.Rent(c.Length);
                Chunk(c).CopyTo(copy);
                ArrayPool<byte>.Shared.Return(copy);
            }

            return uniqueBytes;
        });

        var incompressible = new bool[unique.Count];
        Measure("entropy test", "backup", () =>
        {
            for (var i = 0; i < unique.Count; i++)
            {
                incompressible[i] = Entropy.LooksIncompressible(Chunk(unique[i]));
            }

            return uniqueBytes;
        });
        Console.WriteLine($"  {incompressible.Count(x => x)} chunks look incompressible and are stored as they are");

        // 4. Compress (what the writer keeps: compressed when smaller).
        var payloads = new byte[unique.Count][];
        var compressed = new bool[unique.Count];
        Measure("zstd level 3 compress (ZstdSharp)", "backup", () =>
        {
            var buffer = new byte[Zstd.CompressBound(Chunker.MaxSize)];
            for (var i = 0; i < unique.Count; i++)
            {
                var plain = Chunk(unique[i]);
                if (!incompressible[i])
                {
                    var n = Zstd.Compress(plain, buffer, Zstd.AutoLevel);
                    if (n < plain.Length)
                    {
                        payloads[i] = buffer.AsSpan(0, n).ToArray();
                        compressed[i] = true;
                        continue;
                    }
                }

                payloads[i] = plain.ToArray();
            }

            return uniqueBytes;
        });
        long payloadBytes = payloads.Sum(p => (long)p.Length);
        long compressedInput = unique.Where((_, i) => compressed[i]).Sum(c => (long)c.Length);
        Console.WriteLine($"  stored payload {payloadBytes / 1e6:F0} MB ({(double)payloadBytes / uniqueBytes:F3} of the distinct data)");

        long nativeBytes = 0;
        Measure("zstd level 3 compress (native libzstd, for comparison)", "alt", () =>
        {
            var buffer = new byte[Zstd.CompressBound(Chunker.MaxSize)];
            var cctx = NativeZstd.ZSTD_createCCtx();
            try
            {
                for (var i = 0; i < unique.Count; i++)
                {
                    if (!incompressible[i])
                    {
                        var plain = Chunk(unique[i]);
                        nativeBytes += Math.Min(plain.Length, NativeZstd.Compress(cctx, plain, buffer, 3));
                    }
                    else
                    {
                        nativeBytes += unique[i].Length;
                    }
                }
            }
            finally
            {
                NativeZstd.ZSTD_freeCCtx(cctx);
            }

            return uniqueBytes;
        });
        Console.WriteLine($"  libzstd payload {nativeBytes / 1e6:F0} MB ({(double)nativeBytes / uniqueBytes:F3}); libzstd {NativeZstd.Version()}");

        // 5. Crypto: the two halves apart, then the whole box.
        Span<byte> iv = stackalloc byte[16];
        RandomNumberGenerator.Fill(iv);
        var ivArray = iv.ToArray();
        Measure("AES-256-CTR alone", "info", () =>
        {
            using var ctr = new AesCtr(RandomNumberGenerator.GetBytes(32));
            var output = new byte[Chunker.MaxSize];
            foreach (var p in payloads)
            {
                ctr.Transform(ivArray, p, output.AsSpan(0, p.Length));
            }

            return payloadBytes;
        });
        Measure("Poly1305-AES alone", "info", () =>
        {
            using var mac = new Poly1305Aes(RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(16));
            var tag = new byte[16];
            foreach (var p in payloads)
            {
                mac.ComputeTag(ivArray, p, tag);
            }

            return payloadBytes;
        });

        // The boxes go into one array, touched beforehand: the writer encrypts into pooled buffers.
        var boxStore = new byte[payloadBytes + (unique.Count * (long)CryptoKey.Overhead)];
        Array.Fill(boxStore, (byte)1);
        var boxes = new Memory<byte>[unique.Count];
        Measure("encrypt (CryptoKey: IV, AES-CTR, Poly1305)", "backup", () =>
        {
            long offset = 0;
            for (var i = 0; i < payloads.Length; i++)
            {
                var length = CryptoKey.CiphertextLength(payloads[i].Length);
                boxes[i] = boxStore.AsMemory(checked((int)offset), length);
                key.Encrypt(payloads[i], boxes[i].Span);
                offset += length;
            }

            return payloadBytes;
        });

        // 6. The writer's verification of every blob: decrypt, decompress, hash again.
        Measure("verify: decrypt (MAC check + AES-CTR)", "backup", () =>
        {
            var output = new byte[Chunker.MaxSize];
            foreach (var b in boxes)
            {
                key.Decrypt(b.Span, output);
            }

            return payloadBytes;
        });
        Measure("verify: zstd decompress (ZstdSharp)", "backup", () =>
        {
            var output = new byte[Chunker.MaxSize];
            for (var i = 0; i < payloads.Length; i++)
            {
                if (compressed[i])
                {
                    Zstd.Decompress(payloads[i], output.AsSpan(0, unique[i].Length));
                }
            }

            return compressedInput;
        });
        Measure("zstd decompress (native libzstd, for comparison)", "alt", () =>
        {
            var output = new byte[Chunker.MaxSize];
            var dctx = NativeZstd.ZSTD_createDCtx();
            try
            {
                for (var i = 0; i < payloads.Length; i++)
                {
                    if (compressed[i])
                    {
                        NativeZstd.Decompress(dctx, payloads[i], output.AsSpan(0, unique[i].Length));
                    }
                }
            }
            finally
            {
                NativeZstd.ZSTD_freeDCtx(dctx);
            }

            return compressedInput;
        });
        Measure("verify: SHA-256 again", "backup", () =>
        {
            Span<byte> hash = stackalloc byte[32];
            foreach (var c in unique)
            {
                SHA256.HashData(Chunk(c), hash);
            }

            return uniqueBytes;
        });

        // 7. Packs: collected in a 16 MiB buffer, hashed for their id, written as the local backend
        // does (temporary file, fsync, rename, fsync of the directory), then read back for a restore.
        var packPath = Path.Combine(scratch, "packs");
        long boxBytes = boxes.Sum(b => (long)b.Length);
        var packs = new List<(int Start, int End)>();
        Measure("collect packs (copy into 16 MiB buffers)", "backup", () =>
        {
            var pack = new byte[PackSize + Chunker.MaxSize];
            var used = 0;
            for (var i = 0; i < boxes.Length; i++)
            {
                boxes[i].Span.CopyTo(pack.AsSpan(used));
                used += boxes[i].Length;
                if (used >= PackSize || i == boxes.Length - 1)
                {
                    packs.Add((packs.Count == 0 ? 0 : packs[^1].End, i + 1));
                    used = 0;
                }
            }

            return boxBytes;
        });
        var packBytes = packs.Select(p => Concat(boxes, p.Start, p.End)).ToList();
        Measure("SHA-256 of each pack (its id)", "backup", () =>
        {
            foreach (var pack in packBytes)
            {
                SHA256.HashData(pack);
            }

            return boxBytes;
        });
        Directory.CreateDirectory(packPath);
        Measure("write packs (temp file, fsync, rename, fsync dir)", "backup", () =>
        {
            for (var i = 0; i < packBytes.Count; i++)
            {
                var temp = Path.Combine(packPath, $"tmp-{i}");
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
                {
                    stream.Write(packBytes[i]);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(temp, Path.Combine(packPath, $"{i:D5}"));
                var fd = Open(packPath, 0x10000 /* O_RDONLY | O_DIRECTORY */);
                _ = FSync(fd);
                _ = Close(fd);
            }

            return boxBytes;
        });
        Measure("read packs (page cache)", "restore", () =>
        {
            var buffer = new byte[PackSize + Chunker.MaxSize];
            foreach (var path in Directory.EnumerateFiles(packPath))
            {
                using var handle = File.OpenHandle(path);
                RandomAccess.Read(handle, buffer, 0);
            }

            return boxBytes;
        });
        Directory.Delete(packPath, recursive: true);

        // Restore: the same decrypt, decompress and hash steps as the verification, then the files.
        foreach (var name in new[] { "verify: decrypt (MAC check + AES-CTR)", "verify: zstd decompress (ZstdSharp)", "verify: SHA-256 again" })
        {
            var stage = Stages.First(st => st.Name == name);
            Stages.Add(stage with { Name = name.Replace("verify: ", string.Empty, StringComparison.Ordinal).Replace(" again", string.Empty, StringComparison.Ordinal), Kind = "restore" });
        }

        // Writing the files, three ways: plain; preallocated (File.OpenHandle with the size, as FileJob
        // does: fallocate); preallocated under a temporary name, then metadata-free rename into place.
        // A fourth way keeps the all-or-nothing property without a temporary name: an unnamed file
        // (O_TMPFILE) linked into place with linkat(2) once complete.
        var variants = new (string Name, string Kind, bool Preallocate, bool Rename)[]
        {
            ("write restored files (create, write, close)", "alt", false, false),
            ("write restored files (preallocated, as FileJob)", "alt", true, false),
            ("write restored files (preallocated, temp name, rename: as FileJob)", "restore", true, true),
            ("write restored files (O_TMPFILE, write, linkat)", "alt", false, true),
        };

        // Run in the order A B C D D C B A and average: creating files right after deleting many is
        // slower on ext4 (it avoids recently freed inodes), which would otherwise favour the first.
        var sums = new Dictionary<string, (double Cpu, double Wall, long Bytes)>();
        foreach (var (name, kind, preallocate, rename) in variants.Concat(variants.Reverse()))
        {
            if (name.Contains("O_TMPFILE", StringComparison.Ordinal))
            {
                var linkPath = Path.Combine(scratch, "restore");
                Directory.CreateDirectory(linkPath);
                Measure(name, kind, () =>
                {
                    for (var f = 0; f < files.Count; f++)
                    {
                        var fd = Open(linkPath, 0x410000 | 0x1 /* O_TMPFILE | O_WRONLY */, 0x180);
                        if (fd < 0)
                        {
                            throw new IOException("O_TMPFILE is not supported here");
                        }

                        using (var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true))
                        {
                            RandomAccess.Write(handle, files[f], 0);
                            if (LinkAt(-100 /* AT_FDCWD */, $"/proc/self/fd/{fd}", -100, Path.Combine(linkPath, f.ToString(CultureInfo.InvariantCulture)), 0x400 /* AT_SYMLINK_FOLLOW */) != 0)
                            {
                                throw new IOException($"linkat failed: {Marshal.GetLastPInvokeError()}");
                            }
                        }
                    }

                    return total;
                });
                Directory.Delete(linkPath, recursive: true);
                Accumulate(sums);
                continue;
            }

            var restorePath = Path.Combine(scratch, "restore");
            Directory.CreateDirectory(restorePath);
            Measure(name, kind, () =>
            {
                for (var f = 0; f < files.Count; f++)
                {
                    var path = Path.Combine(restorePath, f.ToString(CultureInfo.InvariantCulture));
                    var temp = rename ? Path.Combine(restorePath, $".{f}.lifeboat-{Guid.NewGuid():N}") : path;
                    using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, preallocate ? files[f].Length : 0))
                    {
                        RandomAccess.Write(handle, files[f], 0);
                    }

                    if (rename)
                    {
                        File.Move(temp, path, overwrite: true);
                    }
                }

                return total;
            });
            Directory.Delete(restorePath, recursive: true);
            Accumulate(sums);
        }

        foreach (var (name, kind, _, _) in variants)
        {
            var (cpu, wall, bytes) = sums[name];
            Stages.Add(new Stage(name, kind, bytes, cpu / 2, wall / 2));
            Console.WriteLine($"  {name + " (mean of 2)",-56} {cpu / 2,7:F2} s CPU {wall / 2,7:F2} s wall {bytes / 1e6 / (cpu / 2),8:F0} MB/s");
        }

        // 8. Key derivation at repository open.
        var salt = RandomNumberGenerator.GetBytes(64);
        foreach (var p in new[] { 1, 6 })
        {
            Measure($"scrypt N=32768 r=8 p={p}", "kdf", () =>
            {
                Scrypt.DeriveKey("password"u8, salt, 32768, 8, p, 64);
                return 0;
            });
        }

        Report(total, jsonPath);
    }

    // Moves the last measured stage into the running sums of its name.
    private static void Accumulate(Dictionary<string, (double Cpu, double Wall, long Bytes)> sums)
    {
        var last = Stages[^1];
        Stages.RemoveAt(Stages.Count - 1);
        sums[last.Name] = sums.TryGetValue(last.Name, out var sum)
            ? (sum.Cpu + last.CpuSeconds, sum.Wall + last.WallSeconds, last.Bytes)
            : (last.CpuSeconds, last.WallSeconds, last.Bytes);
    }

    private static byte[] Concat(Memory<byte>[] boxes, int start, int end)
    {
        var result = new byte[boxes[start..end].Sum(b => b.Length)];
        var offset = 0;
        foreach (var b in boxes.AsSpan(start, end - start))
        {
            b.Span.CopyTo(result.AsSpan(offset));
            offset += b.Length;
        }

        return result;
    }

    private static void WarmUp(Polynomial polynomial, CryptoKey key)
    {
        var data = new byte[3 * 1024 * 1024];
        new Random(1).NextBytes(data.AsSpan(0, data.Length / 2));
        for (var round = 0; round < 40; round++)
        {
            var chunker = new Chunker(polynomial);
            chunker.FindBoundary(data, out _);
            SHA256.HashData(data);
            Entropy.LooksIncompressible(data);
            var buffer = new byte[Zstd.CompressBound(data.Length)];
            var n = Zstd.Compress(data, buffer, Zstd.AutoLevel);
            Zstd.Decompress(buffer.AsSpan(0, n), new byte[data.Length]);
            key.Decrypt(key.Encrypt(data));
        }
    }

    private static void Measure(string name, string kind, Func<long> action)
    {
        GC.Collect();
        var wall = Stopwatch.StartNew();
        var cpu0 = CpuSeconds();
        var bytes = action();
        var cpu = CpuSeconds() - cpu0;
        var stage = new Stage(name, kind, bytes, cpu, wall.Elapsed.TotalSeconds);
        Stages.Add(stage);
        Console.WriteLine($"  {name,-56} {cpu,7:F2} s CPU {wall.Elapsed.TotalSeconds,7:F2} s wall {(bytes > 0 ? $"{bytes / 1e6 / cpu,8:F0} MB/s" : string.Empty)}");
    }

    private static void Report(long total, string? jsonPath)
    {
        Console.WriteLine();
        foreach (var kind in new[] { "backup", "restore" })
        {
            var stages = Stages.Where(s => s.Kind == kind).ToList();
            var sum = stages.Sum(s => s.CpuSeconds);
            Console.WriteLine($"{kind} of {total / 1e6:F0} MB: at least {sum:F2} CPU seconds in these steps (one core: {total / 1e6 / sum:F0} MB/s)");
            Console.WriteLine("| step | CPU s | share | MB/s (one core) |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            foreach (var s in stages.OrderByDescending(s => s.CpuSeconds))
            {
                Console.WriteLine($"| {s.Name} | {s.CpuSeconds:F2} | {100 * s.CpuSeconds / sum:F0}% | {s.Bytes / 1e6 / s.CpuSeconds:F0} |");
            }

            Console.WriteLine();
        }

        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(new { corpusBytes = total, stages = Stages }, new JsonSerializerOptions { WriteIndented = true }));
        }
    }

    private static string? DotnetDirectory()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate))
            {
                var target = new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
                return Path.GetDirectoryName(target);
            }
        }

        return null;
    }

    private static double CpuSeconds()
    {
        ClockGetTime(2 /* CLOCK_PROCESS_CPUTIME_ID */, out var ts);
        return ts.Seconds + (ts.Nanoseconds / 1e9);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "linkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LinkAt(int oldDirectory, string oldPath, int newDirectory, string newPath, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private sealed record Stage(string Name, string Kind, long Bytes, double CpuSeconds, double WallSeconds);
}

/// <summary>The few libzstd functions needed to compare the native library with ZstdSharp.</summary>
internal static unsafe partial class NativeZstd
{
    private const string Library = "libzstd.so.1";

    [LibraryImport(Library)]
    internal static partial nint ZSTD_createCCtx();

    [LibraryImport(Library)]
    internal static partial nuint ZSTD_freeCCtx(nint cctx);

    [LibraryImport(Library)]
    internal static partial nint ZSTD_createDCtx();

    [LibraryImport(Library)]
    internal static partial nuint ZSTD_freeDCtx(nint dctx);

    [LibraryImport(Library)]
    private static partial nuint ZSTD_compressCCtx(nint cctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize, int level);

    [LibraryImport(Library)]
    private static partial nuint ZSTD_decompressDCtx(nint dctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);

    [LibraryImport(Library)]
    private static partial uint ZSTD_isError(nuint code);

    [LibraryImport(Library)]
    private static partial uint ZSTD_versionNumber();

    internal static string Version()
    {
        var v = ZSTD_versionNumber();
        return $"{v / 10000}.{v / 100 % 100}.{v % 100}";
    }

    internal static int Compress(nint cctx, ReadOnlySpan<byte> source, Span<byte> destination, int level)
    {
        fixed (byte* s = source)
        fixed (byte* d = destination)
        {
            var n = ZSTD_compressCCtx(cctx, d, (nuint)destination.Length, s, (nuint)source.Length, level);
            return ZSTD_isError(n) != 0 ? throw new InvalidOperationException("ZSTD_compressCCtx failed") : (int)n;
        }
    }

    internal static int Decompress(nint dctx, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        fixed (byte* s = source)
        fixed (byte* d = destination)
        {
            var n = ZSTD_decompressDCtx(dctx, d, (nuint)destination.Length, s, (nuint)source.Length);
            return ZSTD_isError(n) != 0 || (int)n != destination.Length ? throw new InvalidOperationException("ZSTD_decompressDCtx failed") : (int)n;
        }
    }
}
