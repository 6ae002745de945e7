using System.Security.Cryptography;

namespace Lifeboat.Cli.Tests.Maintenance;

/// <summary>
/// A directory of files that changes between backups, as a real one does: files are added, modified
/// (large ones in the middle, so chunks before and after the change are shared), deleted, and some
/// new files repeat content of others. Contents are random (incompressible), so repository sizes are
/// predictable. Deterministic for a seed.
/// </summary>
internal sealed class Corpus(string root, int seed)
{
    private readonly Random _random = new(seed);
    private int _next;

    public string Root { get; } = root;

    /// <summary>Creates about 5 MiB in 30 files over three directories (with <paramref name="small"/>, about 1 MiB in 12).</summary>
    public void Create(bool small = false)
    {
        for (var i = 0; i < (small ? 10 : 20); i++)
        {
            Write(NewName(), _random.Next(1, 64) * 1024);
        }

        for (var i = 0; i < (small ? 2 : 8); i++)
        {
            Write(NewName(), _random.Next(128, 640) * 1024);
        }

        for (var i = 0; i < (small ? 0 : 2); i++)
        {
            Write(NewName(), _random.Next(1024, 1536) * 1024);
        }
    }

    /// <summary>
    /// One day of changes: a journal rewritten, two files modified, two added (one a copy of another
    /// file's content), one deleted. A day's new data thus mixes blobs the next day still has with blobs
    /// it replaces: forgetting that day leaves partly used packs.
    /// </summary>
    public void Change()
    {
        Write("journal.bin", 64 * 1024);
        var files = Files();
        foreach (var file in Pick(files, 2))
        {
            var length = new FileInfo(file).Length;
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Write);
            var size = (int)Math.Min(length, 64 * 1024);
            stream.Position = length / 2;
            stream.Write(RandomBytes(size));
        }

        Write(NewName(), _random.Next(1, 256) * 1024);
        var original = Pick(files, 1).Single();
        File.Copy(original, Path.Combine(Root, NewName()));

        File.Delete(Pick(Files(), 1).Single());
    }

    /// <summary>Relative path → SHA-256 of every file below <paramref name="directory"/>.</summary>
    public static SortedDictionary<string, string> State(string directory) =>
        new(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))),
            StringComparer.Ordinal);

    private List<string> Files() =>
        [.. Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "journal.bin").Order(StringComparer.Ordinal)];

    private IEnumerable<string> Pick(List<string> files, int count) => files.OrderBy(_ => _random.Next()).Take(count).ToList();

    private string NewName() => Path.Combine(["dir" + (_next % 3), $"file-{_next++:D3}.bin"]);

    private void Write(string relativePath, int size)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, RandomBytes(size));
    }

    private byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        _random.NextBytes(bytes);
        return bytes;
    }
}
