using System.Text.Json;
using Lifeboat.Testing;
using Lifeboat.Testing.Trees;

namespace Lifeboat.Cli.Tests;

/// <summary>
/// A new repository holding a <c>lifeboat repo backup</c> of the edge-case tree, for restic to read. It
/// is made by the engine's initializer, which <c>lifeboat repo init</c> runs, with a cheap key
/// (<see cref="FastKey"/>); the init command itself is tested on its own.
/// </summary>
public sealed class LifeboatRepositoryFixture : IAsyncLifetime
{
    public const string Password = "lifeboat wrote this";

    private readonly TempDirectory _directory = new("cli-lifeboat");

    public TempDirectory Directory => _directory;

    public GeneratedTree Tree { get; private set; } = null!;

    public string RepositoryPath => _directory.Combine("repo");

    public ResticCli Restic { get; private set; } = null!;

    public LifeboatCli Lifeboat { get; private set; } = null!;

    /// <summary>The JSON summary of the first backup.</summary>
    public JsonElement FirstBackup { get; private set; }

    public string FirstSnapshot => FirstBackup.GetProperty("snapshot_id").GetString()!;

    public async Task InitializeAsync()
    {
        Tree = TreeGenerator.Create(_directory.Combine("tree"));
        Restic = new ResticCli(RepositoryPath, Password);
        Lifeboat = new LifeboatCli(RepositoryPath, Password);
        await FastKey.InitAsync(RepositoryPath, Password);
        FirstBackup = await Lifeboat.BackupAsync(Tree.Root);
    }

    public Task DisposeAsync()
    {
        Restic.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
