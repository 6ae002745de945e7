namespace Lifeboat.Manifest.Tests;

public sealed class IncludeTests
{
    [Fact]
    public async Task Included_files_contribute_services_and_repositories()
    {
        using var directory = new TempDirectory();
        var main = directory.Write("lifeboat.yaml", """
            version: 1
            include: [services/*/lifeboat.yaml]
            repositories:
              local: { url: /srv/backups }
            defaults:
              repository: local
            services:
              auth:
                sources: { db: { type: sqlite, path: /var/lib/auth/auth.db } }
            """);
        directory.Write("services/wiki/lifeboat.yaml", """
            services:
              wiki:
                depends_on: [auth]
                sources:
                  db: { type: sqlite, path: data/wiki.db }
            """);
        directory.Write("services/redmine/lifeboat.yaml", """
            version: 1
            repositories:
              offsite: { url: "sftp:backup@vault.internal:/srv/lifeboat" }
            services:
              redmine:
                repository: offsite
                depends_on: [wiki]
                sources: { files: { type: files, path: /var/lib/redmine/files } }
            """);

        var manifest = await ManifestLoader.LoadAsync(main, Manifests.With());

        Assert.Equal(["auth", "redmine", "wiki"], manifest.Services.Keys);
        Assert.Equal(["local", "offsite"], manifest.Repositories.Keys);
        Assert.Equal(
            [main, Path.Combine(directory.Path, "services/redmine/lifeboat.yaml"), Path.Combine(directory.Path, "services/wiki/lifeboat.yaml")],
            manifest.Files);
        Assert.Equal(Path.Combine(directory.Path, "services/wiki/data/wiki.db"), ((SqliteSourceConfig)manifest.Services["wiki"].Sources["db"]).Path);
        Assert.Equal("local", manifest.Services["wiki"].Repository);
        Assert.Equal(["auth", "wiki", "redmine"], manifest.RestoreOrder().Select(s => s.Name));
    }

    [Fact]
    public async Task Paths_in_problems_are_shown_as_the_user_named_the_manifest()
    {
        using var directory = new TempDirectory();
        directory.Write("lifeboat.yaml", """
            version: 1
            include: ["services/**/*.yaml"]
            repositories:
              local: { url: /srv/backups }
            """);
        directory.Write("services/a/b/wiki.yaml", """
            services:
              wiki:
                sources: { db: { type: sqlite } }
            """);

        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = directory.Path;
        try
        {
            var result = await ManifestLoader.TryLoadAsync("lifeboat.yaml", Manifests.With());

            Assert.Equal(
                "services/a/b/wiki.yaml:3:16: services.wiki.sources.db: missing required key 'path' (for example path: /var/lib/wiki/wiki.db)",
                Assert.Single(result.Problems).ToString());
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    [Fact]
    public async Task A_service_declared_in_two_files_names_both()
    {
        using var directory = new TempDirectory();
        var main = directory.Write("lifeboat.yaml", """
            version: 1
            include: [wiki.yaml, more/*.yaml]
            repositories:
              local: { url: /srv/backups }
            services:
              wiki:
                sources: { f: { type: files, path: /srv/wiki } }
            """);
        directory.Write("wiki.yaml", """
            services:
              wiki:
                sources: { f: { type: files, path: /srv/wiki2 } }
            """);
        directory.Write("more/local.yaml", """
            repositories:
              local: { url: /srv/other }
            """);

        var result = await ManifestLoader.TryLoadAsync(main, Manifests.With());

        Assert.Equal(
        [
            $"{directory.Path}/wiki.yaml:2:3: services: service 'wiki' is declared twice (first declared at {main}:6:3)",
            $"{directory.Path}/more/local.yaml:2:3: repositories: repository 'local' is declared twice (first declared at {main}:4:3)",
        ], result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public async Task Problems_in_every_file_are_reported_together()
    {
        using var directory = new TempDirectory();
        var main = directory.Write("lifeboat.yaml", """
            version: 1
            include: [services/*.yaml, missing/*.yaml]
            repositories:
              local: { url: /srv/backups }
            services:
              auth:
                depends_on: [wikki]
                sources: { f: { type: files, path: /srv/auth } }
            """);
        directory.Write("services/wiki.yaml", """
            defaults:
              repository: local
            services:
              wiki:
                sources: { f: { type: files, path: /srv/wiki } }
            """);
        directory.Write("services/broken.yaml", "services: {wiki: 1\nauth: 2\n");

        var result = await ManifestLoader.TryLoadAsync(main, Manifests.With());

        Assert.Equal(
            string.Join('\n',
        [
            $"{main}:2:28: include[1]: include pattern 'missing/*.yaml' matches no file (paths are relative to the including file)",
            $"{main}:7:18: services.auth.depends_on[0]: service 'wikki' is not declared (did you mean 'wiki'?)",
            $"{directory.Path}/services/broken.yaml:1:11: invalid YAML: this '{{' is not closed (close it with '}}')",
            $"{directory.Path}/services/wiki.yaml:1:1: unknown key 'defaults' (included manifest keys are: version, repositories, services)",
        ]), string.Join('\n', result.Problems));
    }
}
