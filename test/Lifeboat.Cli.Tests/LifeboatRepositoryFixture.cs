using System.Text.Json;
using Lifeboat.Testing;
using Lifeboat.Testing.Trees;

namespace Lifeboat.Cli.Tests;

/// <summary>
/// A repository made by <c>lifeboat repo init</c> holding a <c>lifeboat repo backup</c> of the edge-case
/// tree, for restic to read. restic opens it once with the key init made (<see cref="ResticConfig"/>);
/// then that key is swapped for a cheap one (<see cref="FastKey"/>).
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

    /// <summary>What <c>restic cat config</c> printed right after <c>lifeboat repo init</c>.</summary>
    public JsonElement ResticConfig { get; private set; }

    /// <summary>The JSON summary of the first backup.</summary>
    public JsonElement FirstBackup { get; private set; }

    public string FirstSnapshot => FirstBackup.GetProperty("snapshot_id").GetString()!;

    public async Task InitializeAsync()
    {
        Tree = TreeGenerator.Create(_directory.Combine("tree"));
        Restic = new ResticCli(RepositoryPath, Password);
        Lifeboat = new LifeboatCli(RepositoryPath, Password);
        await Lifeboat.RunCheckedAsync("repo", "init");
        using (var config = await Restic.RunJsonDocumentAsync("cat", "config"))
        {
            ResticConfig = config.RootElement.Clone();
        }

        await FastKey.ReplaceAsync(RepositoryPath, Password);
        FirstBackup = await Lifeboat.BackupAsync(Tree.Root);
    }

    public Task DisposeAsync()
    {
        Restic.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
