using Lifeboat.Testing;
using Lifeboat.Testing.Trees;

namespace Lifeboat.Cli.Tests;

/// <summary>
/// A repository written by the real restic (format version 2): the edge-case tree backed up twice
/// (the second time with tags, so it has a parent) and its <c>times</c> directory under another host
/// name; and restic's own restore of the first snapshot, the oracle for Lifeboat's. Made once for the
/// collection; tests that change a repository work on a copy (<see cref="CopyRepository"/>). The key
/// restic made is swapped for a cheap one right after init (<see cref="FastKey"/>).
/// </summary>
public sealed class ResticRepositoryFixture : IAsyncLifetime
{
    public const string Collection = "restic repository of the edge-case tree";
    public const string Password = "restic wrote this";
    public const string OtherHost = "other-host";

    private readonly TempDirectory _directory = new("cli-restic");

    public GeneratedTree Tree { get; private set; } = null!;

    public string RepositoryPath => _directory.Combine("repo");

    public ResticCli Restic { get; private set; } = null!;

    public LifeboatCli Lifeboat { get; private set; } = null!;

    /// <summary>The first snapshot of the whole tree.</summary>
    public string FullSnapshot { get; private set; } = string.Empty;

    /// <summary>The second snapshot of the whole tree, tagged daily and db, with the first as parent.</summary>
    public string TaggedSnapshot { get; private set; } = string.Empty;

    /// <summary>The tree's times directory, from <see cref="OtherHost"/>, tagged weekly.</summary>
    public string OtherHostSnapshot { get; private set; } = string.Empty;

    /// <summary>Where <c>restic restore</c> put <see cref="FullSnapshot"/>.</summary>
    public string ResticRestore => _directory.Combine("restic-restore");

    public async Task InitializeAsync()
    {
        Tree = TreeGenerator.Create(_directory.Combine("tree"));
        Restic = new ResticCli(RepositoryPath, Password);
        Lifeboat = new LifeboatCli(RepositoryPath, Password);
        await Restic.InitAsync(2);
        await FastKey.ReplaceAsync(RepositoryPath, Password);
        FullSnapshot = await Restic.BackupAsync(Tree.Root);
        TaggedSnapshot = await Restic.BackupAsync(Tree.Root, "--tag", "daily,db");
        OtherHostSnapshot = await Restic.BackupAsync(Tree.PathOf(GeneratedTree.TimesDirectory), "--host", OtherHost, "--tag", "weekly");
        await Restic.RestoreAsync(FullSnapshot, ResticRestore);
    }

    /// <summary>
    /// A copy of the repository (same id and keys) under <paramref name="into"/>; returns its path. The
    /// files are hard links to the originals: restic and Lifeboat never change a repository file in
    /// place (they write new files and rename them), and a test that damages one must replace it
    /// (<see cref="ReplaceFile"/>), never write into it.
    /// </summary>
    public async Task<string> CopyRepository(TempDirectory into)
    {
        var copy = into.Combine("repo");
        (await ProcessRunner.RunAsync("cp", ["-al", RepositoryPath, copy])).EnsureSuccess();
        return copy;
    }

    /// <summary>Replaces a file of a copied repository by new content (a new file, so the original stays intact).</summary>
    public static void ReplaceFile(string path, byte[] content)
    {
        var temp = path + ".new";
        File.WriteAllBytes(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    public Task DisposeAsync()
    {
        Restic.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
