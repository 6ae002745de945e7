using Lifeboat.Testing;

namespace Lifeboat.Testing.Tests;

/// <summary>Apart from <see cref="ResticCliTests"/> so the two classes (each paying for a slow <c>restic init</c>) run in parallel.</summary>
public sealed class ResticCliFailureTests
{
    [Fact]
    public async Task A_failing_command_throws_with_restics_message()
    {
        using var work = new TempDirectory("restic");
        using var restic = new ResticCli(work.Combine("missing"), "pw");

        var exception = await Assert.ThrowsAsync<ProcessFailedException>(() => restic.CheckAsync());

        Assert.Contains("config", exception.Message, StringComparison.Ordinal);
        Assert.Contains("restic check", exception.Message, StringComparison.Ordinal);
        Assert.NotEqual(0, exception.Result.ExitCode);
    }

    [Fact]
    public async Task A_version_1_repository_rejects_a_wrong_password()
    {
        using var work = new TempDirectory("restic");
        using var restic = new ResticCli(work.Combine("repo"), "right");
        using var wrong = new ResticCli(work.Combine("repo"), "wrong");

        await restic.InitAsync(version: 1);
        using var config = await restic.RunJsonDocumentAsync("cat", "config");
        var exception = await Assert.ThrowsAsync<ProcessFailedException>(() => wrong.RunCheckedAsync("cat", "config"));

        Assert.Equal(1, config.RootElement.GetProperty("version").GetInt32());
        Assert.Contains("wrong password", exception.Message, StringComparison.OrdinalIgnoreCase);
    }
}
