namespace Lifeboat.Manifest.Tests;

public sealed class SecretTests
{
    [Fact]
    public void A_secret_value_never_shows_itself()
    {
        var secret = new SecretValue("hunter2");

        Assert.Equal("[redacted]", secret.ToString());
        Assert.Equal("[redacted]", $"{secret}");
        Assert.Equal("hunter2", secret.Reveal());
        Assert.Equal(new SecretValue("hunter2"), secret);
    }

    [Fact]
    public async Task A_file_secret_is_read_when_resolved_and_trimmed()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("password", "s3cret\n");
        var secret = SecretRef.FromFile(path);

        Assert.Equal($"file {path}", secret.ToString());
        Assert.Equal("s3cret", (await secret.ResolveAsync()).Reveal());
    }

    [Fact]
    public async Task A_missing_secret_file_names_the_file()
    {
        var error = await Assert.ThrowsAsync<ConfigurationException>(() => SecretRef.FromFile("/nonexistent/lifeboat/pw").ResolveAsync());

        Assert.Equal("cannot read secret file /nonexistent/lifeboat/pw: no such file", error.Message);
    }

    [Fact]
    public async Task A_command_secret_runs_the_command()
    {
        var secret = SecretRef.FromCommand("printf 'from-command\\n'");

        Assert.Equal("from-command", (await secret.ResolveAsync()).Reveal());
        Assert.DoesNotContain("from-command\n", secret.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_secret_command_does_not_leak_its_output()
    {
        var error = await Assert.ThrowsAsync<ConfigurationException>(() => SecretRef.FromCommand("printf 'leaked%s' -output; exit 3").ResolveAsync());

        Assert.DoesNotContain("leaked-output", error.Message, StringComparison.Ordinal);
        Assert.Contains("exit code 3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DB_PASSWORD", true)]
    [InlineData("secret_access_key", true)]
    [InlineData("API_TOKEN", true)]
    [InlineData("API_KEY", true)]
    [InlineData("SECRET_KEY_BASE", true)]
    [InlineData("pgpass", false)]
    [InlineData("ACCESS_KEY_ID", false)]
    [InlineData("KEYS_DIR", false)]
    [InlineData("DB_HOST", false)]
    [InlineData("PWD", false)]
    public void Secret_looking_names_are_recognised(string name, bool secret)
    {
        Assert.Equal(secret, SecretNames.LooksSecret(name));
    }
}
