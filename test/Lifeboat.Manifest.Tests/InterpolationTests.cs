namespace Lifeboat.Manifest.Tests;

public sealed class InterpolationTests
{
    private static async Task<string> PathOf(string value, params (string Name, string Value)[] variables)
    {
        var manifest = await Manifests.LoadValidAsync($$"""
            version: 1
            repositories:
              local: { url: /srv/backups }
            services:
              app:
                sources:
                  f: { type: files, path: '/{{value}}' }
            """, variables);
        return ((FilesSourceConfig)manifest.Services["app"].Sources["f"]).Path;
    }

    [Theory]
    [InlineData("${DIR}", "/srv/app")]
    [InlineData("data/${DIR}/x", "/data/srv/app/x")]
    [InlineData("${UNSET:-fallback}", "/fallback")]
    [InlineData("${EMPTY:-fallback}", "/fallback")]
    [InlineData("${DIR:-fallback}", "/srv/app")]
    [InlineData("${UNSET:-${DIR}/nested}", "/srv/app/nested")]
    [InlineData("${DIR:?must be set}", "/srv/app")]
    [InlineData("cost$$5", "/cost$5")]
    [InlineData("a$b", "/a$b")]
    [InlineData("$${DIR}", "/${DIR}")]
    [InlineData("${EMPTY}x", "/x")]
    public async Task Values_are_interpolated(string written, string expected)
    {
        Assert.Equal(expected, await PathOf(written, ("DIR", "srv/app"), ("EMPTY", "")));
    }

    [Theory]
    [InlineData("${UNSET}", "lifeboat.yaml:7:33: services.app.sources.f.path: environment variable UNSET is not set (set it, or give a default: ${UNSET:-value})")]
    [InlineData("x/${EMPTY:?give the data directory}", "lifeboat.yaml:7:35: services.app.sources.f.path: environment variable EMPTY is not set: give the data directory")]
    [InlineData("${UNSET:?}", "lifeboat.yaml:7:33: services.app.sources.f.path: environment variable UNSET is required")]
    [InlineData("${DIR", "lifeboat.yaml:7:33: services.app.sources.f.path: invalid interpolation '${DIR': no closing '}' (write ${NAME}, ${NAME:-default} or ${NAME:?message}, and $$ for a literal '$')")]
    [InlineData("${DIR:=x}", "lifeboat.yaml:7:33: services.app.sources.f.path: invalid interpolation '${DIR:=x}': expected '}', ':-' or ':?' after the name (write ${NAME}, ${NAME:-default} or ${NAME:?message}, and $$ for a literal '$')")]
    public async Task Interpolation_problems_point_at_the_reference(string written, string expected)
    {
        var problems = await Manifests.ProblemsAsync($$"""
            version: 1
            repositories:
              local: { url: /srv/backups }
            services:
              app:
                sources:
                  f: { type: files, path: '/{{written}}' }
            """, ("DIR", "srv"), ("EMPTY", ""));

        Assert.Equal(expected, Assert.Single(problems));
    }

    [Fact]
    public async Task Several_missing_variables_are_all_reported()
    {
        var problems = await Manifests.ProblemsAsync("""
            version: 1
            repositories:
              local: { url: "${REPO}", password: "${REPO_PASSWORD}" }
            """);

        Assert.Equal(
        [
            "lifeboat.yaml:3:18: repositories.local.url: environment variable REPO is not set (set it, or give a default: ${REPO:-value})",
            "lifeboat.yaml:3:39: repositories.local.password: environment variable REPO_PASSWORD is not set (set it, or give a default: ${REPO_PASSWORD:-value})",
        ], problems);
    }

    [Fact]
    public async Task Interpolated_numbers_and_booleans_are_typed_after_interpolation()
    {
        var manifest = await Manifests.LoadValidAsync("""
            version: 1
            repositories:
              local: { url: /srv/backups }
            services:
              app:
                priority: ${PRIORITY}
                backup: { enabled: "${BACKUP:-true}" }
                rpo: ${RPO:-24h}
                sources: { f: { type: files, path: /a } }
            """, ("PRIORITY", "7"));

        var app = manifest.Services["app"];
        Assert.Equal(7, app.Priority);
        Assert.True(app.Backup.Enabled);
        Assert.Equal(TimeSpan.FromHours(24), app.Rpo);
    }

    [Fact]
    public async Task Secret_variables_are_redacted_when_a_command_is_shown()
    {
        var manifest = await Manifests.LoadValidAsync("""
            version: 1
            repositories:
              local: { url: /srv/backups }
            services:
              app:
                hooks:
                  after_backup: [curl, -H, "Authorization: Bearer ${API_TOKEN}", "https://${HOST}/ping"]
                sources: { f: { type: files, path: /a } }
            """, ("API_TOKEN", "tok-123"), ("HOST", "hc.example"));

        var hook = manifest.Services["app"].Hooks.AfterBackup!;
        Assert.Equal("Authorization: Bearer tok-123", hook.Arguments[2]);
        Assert.Equal("curl -H 'Authorization: Bearer [redacted]' https://hc.example/ping", hook.ToString());
        Assert.DoesNotContain("tok-123", manifest.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_from_the_environment_becomes_an_inline_secret()
    {
        var manifest = await Manifests.LoadValidAsync("""
            version: 1
            repositories:
              local: { url: /srv/backups, password: "${LIFEBOAT_PASSWORD}" }
            """, ("LIFEBOAT_PASSWORD", "correct horse"));

        var password = Assert.IsType<InlineSecretRef>(manifest.Repositories["local"].Password);
        Assert.Equal("correct horse", (await password.ResolveAsync()).Reveal());
        Assert.Equal("a value in the manifest", password.ToString());
        Assert.DoesNotContain("correct horse", manifest.ToString(), StringComparison.Ordinal);
    }
}
