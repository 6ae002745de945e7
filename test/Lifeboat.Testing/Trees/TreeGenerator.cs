using System.Text;

namespace Lifeboat.Testing.Trees;

/// <summary>
/// Creates the edge-case tree a backup tool must get right: empty files, a large file of many chunks,
/// compressible text, thousands of small files, awkward names (unicode, spaces, a newline, quotes,
/// backslashes), symlinks (relative, absolute, dangling), empty and deeply nested directories, unusual
/// modes (setuid, setgid, sticky), old and sub-second mtimes, hard links, a fifo and, as root, foreign
/// owners. Everything (content, names, modes, timestamps) follows from <see cref="TreeOptions.Seed"/>;
/// only inode numbers and ctimes differ between two trees made from the same seed.
/// </summary>
public static class TreeGenerator
{
    private const long Second = 1_000_000_000L;

    private static readonly string[] Words =
    [
        "lifeboat", "restic", "backup", "restore", "snapshot", "chunk", "blob", "pack", "index", "tree",
        "the", "a", "of", "and", "to", "in", "is", "that", "it", "was", "for", "on", "are", "with", "as",
        "database", "table", "row", "column", "schema", "dump", "archive", "mirror", "disk", "volume",
    ];

    /// <summary>Creates the tree under <paramref name="root"/> (created if missing; should be empty).</summary>
    public static GeneratedTree Create(string root, TreeOptions? options = null)
    {
        options ??= new TreeOptions();
        var random = new SeededRandom(options.Seed);
        var builder = new Builder(Path.GetFullPath(root));
        Directory.CreateDirectory(builder.Root);

        // Content of every size.
        builder.File(GeneratedTree.LargeFile, RandomBytes(random, options.LargeFileBytes));
        builder.File(GeneratedTree.TextFile, Text(random, options.TextFileBytes));
        builder.File(GeneratedTree.EmptyFile, []);
        builder.File("data/empty too", []);
        builder.File("data/one-byte", [0x2a]);
        var duplicate = RandomBytes(random, 100_000);
        for (var i = 0; i < 4; i++)
        {
            builder.File($"data/duplicates/copy-{i}.bin", duplicate);
        }

        for (var i = 0; i < options.SmallFiles; i++)
        {
            var directory = $"{GeneratedTree.SmallFilesDirectory}/d{i % options.SmallFileDirectories:D2}";
            var size = i % 97 == 0 ? 0 : random.Next(1, 8192);
            builder.File($"{directory}/f{i:D5}.dat", RandomBytes(random, size));
        }

        for (var i = 0; i < options.BulkFiles; i++)
        {
            builder.File($"bulk/bulk-{i:D3}.bin", RandomBytes(random, options.BulkFileBytes));
        }

        // Names.
        string[] names =
        [
            "with space.txt", " leading space", "trailing space ", "new\nline.txt", "tab\there", "quote\"double\".txt",
            "quote'single'.txt", "back\\slash.txt", "ünïcødé ñame.txt", "日本語のファイル.txt", "emoji-🚀.txt",
            ".hidden", "-dash-first", "star*question?[bracket].txt", "percent%20and&amp;",
        ];
        foreach (var name in names)
        {
            builder.File($"{GeneratedTree.NamesDirectory}/{name}", Encoding.UTF8.GetBytes($"file named {name}\n"));
        }

        builder.File($"{GeneratedTree.NamesDirectory}/dir with space/inner.txt", Encoding.UTF8.GetBytes("inner\n"));
        builder.File($"{GeneratedTree.NamesDirectory}/ünïcødé dir/ïnner.txt", Encoding.UTF8.GetBytes("ïnner\n"));
        builder.File($"{GeneratedTree.NamesDirectory}/new\nline dir/inner.txt", Encoding.UTF8.GetBytes("inner\n"));

        // Symlinks.
        builder.Symlink($"{GeneratedTree.LinksDirectory}/relative", "../data/one-byte");
        builder.Symlink($"{GeneratedTree.LinksDirectory}/relative-dir", "../deep");
        builder.Symlink($"{GeneratedTree.LinksDirectory}/absolute-outside", "/etc/hostname");
        builder.Symlink($"{GeneratedTree.LinksDirectory}/absolute-inside", builder.PathOf(GeneratedTree.TextFile));
        builder.Symlink($"{GeneratedTree.LinksDirectory}/dangling", "../no/such/file");
        builder.Symlink($"{GeneratedTree.LinksDirectory}/dangling-absolute", "/nonexistent/lifeboat/target");
        builder.Symlink($"{GeneratedTree.LinksDirectory}/ünïcødé link", "ünïcødé target with space");

        // Empty and deep directories.
        builder.Directory("empty");
        builder.Directory("empty-nested/a/b/c");
        var deep = GeneratedTree.DeepDirectory;
        for (var level = 1; level <= 30; level++)
        {
            deep += $"/level{level:D2}";
        }

        builder.File($"{deep}/bottom.txt", Encoding.UTF8.GetBytes("30 levels down\n"));
        builder.Directory($"{deep}/empty-at-the-bottom");

        // Modes.
        var modes = GeneratedTree.ModesDirectory;
        builder.File($"{modes}/0600.txt", Encoding.UTF8.GetBytes("rw-------\n"), Octal("600"));
        builder.File($"{modes}/0751.sh", Encoding.UTF8.GetBytes("#!/bin/sh\necho rwxr-x--x\n"), Octal("751"));
        builder.File($"{modes}/0444.txt", Encoding.UTF8.GetBytes("r--r--r--\n"), Octal("444"));
        builder.File($"{modes}/0000.txt", Encoding.UTF8.GetBytes("---------\n"), Octal("000"));
        builder.File($"{modes}/setuid", Encoding.UTF8.GetBytes("#!/bin/sh\n"), Octal("4755"));
        builder.File($"{modes}/setgid-file", Encoding.UTF8.GetBytes("#!/bin/sh\n"), Octal("2755"));
        builder.File($"{modes}/private/secret.txt", Encoding.UTF8.GetBytes("secret\n"), Octal("600"));
        builder.Directory($"{modes}/private", Octal("700"));
        builder.File($"{modes}/setgid-dir/file.txt", Encoding.UTF8.GetBytes("group inherited\n"));
        builder.Directory($"{modes}/setgid-dir/sub");
        builder.Directory($"{modes}/setgid-dir", Octal("2775"));
        builder.File($"{modes}/sticky-dir/file.txt", Encoding.UTF8.GetBytes("sticky\n"), Octal("666"));
        builder.Directory($"{modes}/sticky-dir", Octal("1777"));
        builder.Directory($"{modes}/0555-dir", Octal("555"));

        // Timestamps.
        var times = GeneratedTree.TimesDirectory;
        builder.File($"{times}/1990.txt", Encoding.UTF8.GetBytes("1990\n"));
        builder.Time($"{times}/1990.txt", Utc(1990, 6, 15, 12, 34, 56));
        builder.File($"{times}/sub-second.txt", Encoding.UTF8.GetBytes("sub-second\n"));
        builder.Time($"{times}/sub-second.txt", Utc(2021, 3, 4, 5, 6, 7) + 123_456_789);
        builder.File($"{times}/pre-epoch.txt", Encoding.UTF8.GetBytes("1965\n"));
        builder.Time($"{times}/pre-epoch.txt", Utc(1965, 1, 2, 3, 4, 5));
        builder.Directory($"{times}/1995-dir");
        builder.Time($"{times}/1995-dir", Utc(1995, 12, 31, 23, 59, 59) + 999_999_999);
        builder.Symlink($"{times}/1999-link", "1990.txt");
        builder.Time($"{times}/1999-link", Utc(1999, 9, 9, 9, 9, 9) + 900_000_001);

        // Hard links: one inode, several names.
        var hard = GeneratedTree.HardLinksDirectory;
        builder.File($"{hard}/pair-a", RandomBytes(random, 70_000));
        builder.HardLink($"{hard}/pair-a", $"{hard}/pair-b");
        builder.File($"{hard}/triple-1", RandomBytes(random, 1_500_000));
        builder.HardLink($"{hard}/triple-1", $"{hard}/sub/triple-2");
        builder.HardLink($"{hard}/triple-1", $"{hard}/sub/triple-3");
        builder.File($"{hard}/empty-a", []);
        builder.HardLink($"{hard}/empty-a", $"{hard}/empty-b");

        // Special files.
        builder.Fifo(GeneratedTree.Fifo);

        if (options.ForeignOwners)
        {
            builder.File("owners/uid1234.txt", Encoding.UTF8.GetBytes("owned by 1234:2345\n"));
            builder.Owner("owners/uid1234.txt", 1234, 2345);
            builder.File("owners/nobody/file.txt", Encoding.UTF8.GetBytes("owned by nobody\n"));
            builder.Owner("owners/nobody/file.txt", 65534, 65534);
            builder.Owner("owners/nobody", 65534, 65534);
            builder.Symlink("owners/link-4321", "uid1234.txt");
            builder.Owner("owners/link-4321", 4321, 4321);
        }

        builder.Finish(random);
        return new GeneratedTree(builder.Root, options, builder.FileBytes, builder.Files);
    }

    /// <summary>
    /// Changes a tree as a user would between two backups: overwrites 64 bytes in the middle of the
    /// large file (same size), adds a new file and deletes one small file.
    /// </summary>
    public static TreeChanges Modify(GeneratedTree tree, long seed)
    {
        var random = new SeededRandom(seed);
        var changed = GeneratedTree.LargeFile;
        using (var stream = new FileStream(tree.PathOf(changed), FileMode.Open, FileAccess.Write))
        {
            stream.Position = stream.Length / 2;
            stream.Write(random.Bytes(64));
        }

        var added = $"added/new-{seed}.bin";
        Directory.CreateDirectory(tree.PathOf("added"));
        File.WriteAllBytes(tree.PathOf(added), random.Bytes(300_000));

        var deleted = Directory.EnumerateFiles(tree.PathOf(GeneratedTree.SmallFilesDirectory), "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(tree.Root, p))
            .Order(StringComparer.Ordinal)
            .First();
        File.Delete(tree.PathOf(deleted));
        return new TreeChanges(changed, added, deleted);
    }

    private static uint Octal(string digits) => Convert.ToUInt32(digits, 8);

    private static byte[] RandomBytes(SeededRandom random, int length) => random.Bytes(length);

    private static byte[] Text(SeededRandom random, int length)
    {
        var text = new StringBuilder(length + 200);
        for (var line = 1; text.Length < length; line++)
        {
            text.Append(line.ToString("D7")).Append(':');
            var words = random.Next(4, 14);
            for (var w = 0; w < words; w++)
            {
                text.Append(' ').Append(Words[random.Next(Words.Length)]);
            }

            text.Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString(0, length));
    }

    private static long Utc(int year, int month, int day, int hour, int minute, int second) =>
        (new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero) - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>Collects what to create, then applies owners, modes and times in an order that keeps them.</summary>
    private sealed class Builder(string root)
    {
        private readonly Dictionary<string, uint> _modes = [];
        private readonly Dictionary<string, (uint Uid, uint Gid)> _owners = [];
        private readonly Dictionary<string, long> _times = [];

        public string Root { get; } = root;

        public long FileBytes { get; private set; }

        public int Files { get; private set; }

        public string PathOf(string relative) => Path.Combine(Root, relative);

        public void File(string relative, byte[] content, uint? mode = null)
        {
            var path = PathOf(relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            System.IO.File.WriteAllBytes(path, content);
            FileBytes += content.Length;
            Files++;
            if (mode is { } m)
            {
                _modes[relative] = m;
            }
        }

        public void Directory(string relative, uint? mode = null)
        {
            System.IO.Directory.CreateDirectory(PathOf(relative));
            if (mode is { } m)
            {
                _modes[relative] = m;
            }
        }

        public void Symlink(string relative, string target)
        {
            var path = PathOf(relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            System.IO.File.CreateSymbolicLink(path, target);
        }

        public void HardLink(string existing, string relative)
        {
            var path = PathOf(relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            TreeNative.Link(PathOf(existing), path);
        }

        public void Fifo(string relative)
        {
            var path = PathOf(relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            TreeNative.MakeFifo(path, Octal("644"));
        }

        public void Owner(string relative, uint uid, uint gid) => _owners[relative] = (uid, gid);

        public void Time(string relative, long modifyNanoseconds) => _times[relative] = modifyNanoseconds;

        /// <summary>Owners first (chown clears setuid), then modes, then times, directories deepest first.</summary>
        public void Finish(SeededRandom random)
        {
            foreach (var (relative, (uid, gid)) in _owners)
            {
                TreeNative.LChown(PathOf(relative), uid, gid);
            }

            foreach (var (relative, mode) in _modes)
            {
                TreeNative.Chmod(PathOf(relative), mode);
            }

            var entries = new List<(string Relative, bool IsDirectory, int Depth)>();
            Walk(Root, string.Empty, 0, entries);

            // Files and links in a fixed order, then directories from the deepest up, so that setting a
            // directory's time comes after every change inside it.
            var baseTime = Utc(2020, 1, 1, 0, 0, 0);
            var ordered = entries.Where(e => !e.IsDirectory)
                .Concat(entries.Where(e => e.IsDirectory).OrderByDescending(e => e.Depth));
            foreach (var (relative, _, _) in ordered)
            {
                var modify = baseTime + (random.Next(0, 2 * 365 * 24 * 3600) * Second) + random.Next(0, 1_000_000_000);
                if (_times.TryGetValue(relative, out var fixedTime))
                {
                    modify = fixedTime;
                }

                var access = modify + (random.Next(1, 86_400) * Second);
                TreeNative.SetTimes(relative.Length == 0 ? Root : PathOf(relative), access, modify);
            }
        }

        private static void Walk(string directory, string relative, int depth, List<(string, bool, int)> entries)
        {
            entries.Add((relative, true, depth));
            foreach (var path in System.IO.Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(path);
                var childRelative = relative.Length == 0 ? name : $"{relative}/{name}";
                if (TreeNative.LStat(path).TypeBits == 0x4000)
                {
                    Walk(path, childRelative, depth + 1, entries);
                }
                else
                {
                    entries.Add((childRelative, false, depth + 1));
                }
            }
        }
    }
}
