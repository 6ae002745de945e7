using Lifeboat.Testing;
using Lifeboat.Testing.Trees;

namespace Lifeboat.Cli.Tests;

/// <summary>Lifeboat backing up into a repository restic wrote: it finds restic's chunks and adds none of its own.</summary>
[Collection(ResticRepositoryFixture.Collection)]
public sealed class ResticRepositoryWriteTests(ResticRepositoryFixture fixture)
{
    [Fact]
    public async Task Backup_into_a_restic_repository_of_the_same_tree_adds_no_data_blobs()
    {
        using var directory = new TempDirectory("cli-into-restic");
        var copy = await fixture.CopyRepository(directory);
        using var restic = new ResticCli(copy, ResticRepositoryFixture.Password);

        // --force: read every file instead of trusting restic's snapshot as the parent.
        var summary = await new LifeboatCli(copy, ResticRepositoryFixture.Password).BackupAsync("--force", fixture.Tree.Root);

        Assert.Equal(0, summary.GetProperty("data_blobs").GetInt64());
        var everyName = DirectoryComparer.Capture(fixture.Tree.Root).Where(e => e.Type == "file").Sum(e => e.Size); // hard links are read once per name, as restic does
        Assert.Equal(everyName, summary.GetProperty("bytes_read").GetInt64());
        var check = await restic.RunAsync("check");
        Assert.True(check.ExitCode == 0, check.StandardOutput + check.StandardError);
    }
}
