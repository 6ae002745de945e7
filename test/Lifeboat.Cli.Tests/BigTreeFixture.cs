using Lifeboat.Testing;
using Lifeboat.Testing.Trees;

namespace Lifeboat.Cli.Tests;

/// <summary>
/// The edge-case tree plus 64 MiB of incompressible files: big enough that a backup takes a few
/// seconds, so that it can be killed or interrupted part-way. Each test makes its own repositories.
/// </summary>
public sealed class BigTreeFixture : IAsyncLifetime
{
    public const string Password = "faults";

    private readonly TempDirectory _directory = new("cli-faults");

    public GeneratedTree Tree { get; private set; } = null!;

    /// <summary>The tree as captured right after it was made.</summary>
    public IReadOnlyList<TreeEntry> Source { get; private set; } = [];

    /// <summary>The bytes of every file name (hard links count once per name, as a backup reads them).</summary>
    public long BytesToRead { get; private set; }

    public Task InitializeAsync()
    {
        Tree = TreeGenerator.Create(_directory.Combine("tree"), new TreeOptions { BulkFiles = 4, BulkFileBytes = 16 * 1024 * 1024 });
        Source = DirectoryComparer.Capture(Tree.Root);
        BytesToRead = Source.Where(e => e.Type == "file").Sum(e => e.Size);
        return Task.CompletedTask;
    }

    /// <summary>A fresh, empty repository (cheap key) in <paramref name="directory"/>, and a CLI for it.</summary>
    public static async Task<LifeboatCli> NewRepositoryAsync(TempDirectory directory)
    {
        var path = directory.Combine("repo");
        await FastKey.InitAsync(path, Password);
        return new LifeboatCli(path, Password);
    }

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
