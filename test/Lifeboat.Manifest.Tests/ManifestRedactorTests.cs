using System.Text.Json;

namespace Lifeboat.Manifest.Tests;

public sealed class ManifestRedactorTests
{
    private static readonly (string Name, string Value)[] Environment =
    [
        ("DRILL_PASSWORD", "PLANT-env-drill"),
        ("API_TOKEN", "PLANT-env-token"),
        ("SECRET_DIR", "PLANT-env-secret-dir"),
        ("S3_SECRET", "PLANT-env-s3"),
        ("DB_HOST", "db.internal"),
    ];

    private static TempDirectory PlantSecrets()
    {
        var directory = new TempDirectory();
        directory.Write("lifeboat.yaml", """
            version: 1
            # the old password was PLANT-comment
            include: [services/*.yaml]
            repositories:
              local: { url: /srv/backups, password: PLANT-repo-literal }
              rest: { url: "rest:https://backup:PLANT-url-repo@vault.internal:8000/lifeboat", password_file: /etc/lifeboat/rest }
              s3:
                url: s3:https://s3.example.com/acme
                password_command: pass show lifeboat/s3
                options:
                  region: eu-west-1
                  secret_access_key: PLANT-s3-literal
                  session_token: "${S3_SECRET}"
            services:
              tracker:
                health: { http: "http://admin:PLANT-health@127.0.0.1:3000/" }
                sources:
                  db: { type: postgres, url: "postgres://tracker:PLANT-pg-url@${DB_HOST}/tracker" }
                  my: { type: mysql, url: "mysql://app@db/app", password: "${MYSQL_PASSWORD:-PLANT-default}" }
                  files: { type: files, path: "/srv/${SECRET_DIR}/files" }
                hooks:
                  after_backup: [curl, -H, "Authorization: Bearer ${API_TOKEN}", "https://hc.example/ping"]
                drill: { server: "postgres://drill@scratch/", password: "${DRILL_PASSWORD}" }
                x-notes:
                  api_password: PLANT-unknown-key
              misspelt:
                sorces: { db: { password: PLANT-misspelt } }
            """);
        directory.Write("services/wiki.yaml", """
            services:
              wiki:
                sources:
                  db: { type: postgres, url: "postgres://wiki@h/wiki", password: PLANT-included }
            """);
        directory.Write("services/broken.yaml", "services: { wiki2: { password: PLANT-broken-yaml\n");
        return directory;
    }

    [Fact]
    public async Task Redacted_yaml_contains_no_secret()
    {
        using var directory = PlantSecrets();

        var text = await ManifestRedactor.RedactYamlAsync(Path.Combine(directory.Path, "lifeboat.yaml"), Manifests.With(Environment));

        Assert.DoesNotContain("PLANT-", text, StringComparison.Ordinal);
        Assert.Contains("url: /srv/backups", text, StringComparison.Ordinal);
        Assert.Contains("rest:https://backup:[redacted]@vault.internal:8000/lifeboat", text, StringComparison.Ordinal);
        Assert.Contains("password: \"${DRILL_PASSWORD}\"", text, StringComparison.Ordinal);
        Assert.Contains("password: \"${MYSQL_PASSWORD:-[redacted]}\"", text, StringComparison.Ordinal);
        Assert.Contains("region: eu-west-1", text, StringComparison.Ordinal);
        Assert.Contains($"# file: {directory.Path}/services/wiki.yaml", text, StringComparison.Ordinal);
        Assert.Contains("# not shown: not valid YAML", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redacted_json_is_resolved_and_contains_no_secret()
    {
        using var directory = PlantSecrets();

        var text = await ManifestRedactor.RedactJsonAsync(Path.Combine(directory.Path, "lifeboat.yaml"), Manifests.With(Environment));

        Assert.DoesNotContain("PLANT-", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        var files = json.RootElement.GetProperty("files");
        Assert.Equal(3, files.GetArrayLength());
        var tracker = files[0].GetProperty("content").GetProperty("services").GetProperty("tracker");
        Assert.Equal("postgres://tracker:[redacted]@db.internal/tracker",
            tracker.GetProperty("sources").GetProperty("db").GetProperty("url").GetString());
        Assert.Equal("/srv/[redacted]/files", tracker.GetProperty("sources").GetProperty("files").GetProperty("path").GetString());
        Assert.Equal("Authorization: Bearer [redacted]", tracker.GetProperty("hooks").GetProperty("after_backup")[2].GetString());
        Assert.Equal("[redacted]", tracker.GetProperty("drill").GetProperty("password").GetString());
        Assert.Equal(1, files[0].GetProperty("content").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task The_loaded_model_shows_no_secret()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("lifeboat.yaml", """
            version: 1
            repositories:
              local: { url: "rest:https://u:PLANT-repo@host/", password: "${REPO_PASSWORD}" }
            services:
              app:
                sources:
                  db: { type: postgres, url: "postgres://app:PLANT-url@h/app" }
                hooks:
                  before_backup: [notify, "${API_TOKEN}"]
                drill: { server: "postgres://d@h/", password: "${DRILL_PASSWORD}" }
            """);

        var manifest = await ManifestLoader.LoadAsync(path, Manifests.With(
            ("REPO_PASSWORD", "PLANT-env-repo"), ("API_TOKEN", "PLANT-env-token"), ("DRILL_PASSWORD", "PLANT-env-drill")));

        Assert.DoesNotContain("PLANT-", manifest.ToString(), StringComparison.Ordinal);
        var db = (PostgresSourceConfig)manifest.Services["app"].Sources["db"];
        Assert.Equal("PLANT-url", (await db.Password!.ResolveAsync()).Reveal());
        Assert.Equal("postgres://app:PLANT-url@h/app", db.Url.Reveal());
    }

    [Fact]
    public async Task The_manifest_scrubs_its_secrets_from_any_text()
    {
        var manifest = await Manifests.LoadValidAsync("""
            version: 1
            repositories:
              local: { url: /srv/backups, password: "${REPO_PW}" }
            services:
              app:
                sources:
                  db: { type: postgres, url: "postgres://app:PLANT-url@h/app" }
                post_restore:
                  - { name: rotate, source: db, sql: "ALTER ROLE app PASSWORD '${NEW_DB_PASSWORD}'" }
            """, ("REPO_PW", "PLANT-repo"), ("NEW_DB_PASSWORD", "PLANT-sql"));

        var sql = ((SqlFix)manifest.Services["app"].PostRestore[0]).Sql;
        var log = $"psql failed running {sql} with PLANT-repo and postgres://app:PLANT-url@h/app";

        Assert.Contains("PLANT-sql", sql, StringComparison.Ordinal);
        Assert.Equal(
            "psql failed running ALTER ROLE app PASSWORD '[redacted]' with [redacted] and postgres://app:[redacted]@h/app",
            manifest.Redact(log));
    }
}
