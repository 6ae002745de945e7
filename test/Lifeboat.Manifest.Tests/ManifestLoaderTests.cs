namespace Lifeboat.Manifest.Tests;

public sealed class ManifestLoaderTests
{
    private const string Full = """
        version: 1
        repositories:
          local:
            url: /srv/backups/lifeboat
            password_file: /etc/lifeboat/password
          offsite:
            url: s3:https://s3.example.com/acme/lifeboat
            password_command: pass show lifeboat/offsite
            options:
              region: eu-central-1
              access_key_id: AKIAEXAMPLE
              secret_access_key_file: /etc/lifeboat/s3-secret
        defaults:
          repository: local
          schedule: "30 2 * * *"
          retention: { keep_last: 3, keep_daily: 7, keep_weekly: 4, keep_monthly: 6 }
          hooks:
            on_error: [/usr/local/bin/notify, ops]
        x-stop: &stop [systemctl, stop, redmine]
        services:
          redmine:
            description: Issue tracker
            priority: 20
            depends_on: [auth]
            rpo: 24h
            rto: 1h30m
            tags: [tracker]
            stop: *stop
            start: [systemctl, start, redmine]
            health: { http: "http://127.0.0.1:3000/", timeout: 90s }
            sources:
              db: { type: postgres, url: "postgres://redmine@${DB_HOST}/redmine", password_file: /etc/redmine/dbpass }
              files: { type: files, path: /var/lib/redmine/files, exclude: ["tmp/**"] }
              env: { type: env, path: /etc/redmine/.env, keys: [SECRET_KEY_BASE] }
            hooks:
              before_backup: [/usr/local/bin/redmine-maintenance, "on"]
            post_restore:
              - name: fix_migration_lock
                description: Unlock the migration table a restore can leave locked
                source: db
                sql: "UPDATE schema_migrations_lock SET locked = false"
              - { name: chown_files, run: [chown, -R, "redmine:", /var/lib/redmine/files] }
            verify:
              - { name: issues, type: sql, source: db, query: "SELECT count(*) FROM issues", expect_min: 1 }
              - { name: schema, type: sql, source: db, tables: [issues, users] }
              - { name: attachments, type: references, source: db, query: "SELECT disk_filename FROM attachments", files_source: files }
              - { name: uploads, type: files, source: files, paths: [README], min_count: 1 }
              - { name: smoke, type: command, run: [/usr/local/bin/smoke], timeout: 2m }
            drill: { server: "postgres://drill@scratch.internal/", password: "${DRILL_PASSWORD}" }
          auth:
            priority: 10
            repository: offsite
            backup: { enabled: false }
            retention: { keep_within: 1y6m, keep_tag: [pre-migration] }
            sources:
              db: { type: mariadb, url: "mariadb://auth:${AUTH_DB_PASSWORD}@127.0.0.1:3306/auth" }
              cache: { type: command, backup: [redis-cli, --rdb, "-"], restore: [restore-rdb], filename: dump.rdb }
              state: { type: sqlite, path: /var/lib/auth/state.db }
        """;

    [Fact]
    public async Task Full_manifest_parses_to_the_expected_model()
    {
        var manifest = await Manifests.LoadValidAsync(Full,
            ("DB_HOST", "db.internal"), ("DRILL_PASSWORD", "drill-pw"), ("AUTH_DB_PASSWORD", "auth-pw"));

        var retention = new RetentionConfig { KeepLast = 3, KeepDaily = 7, KeepWeekly = 4, KeepMonthly = 6 };
        var onError = new CommandLine(["/usr/local/bin/notify", "ops"]);
        var expected = new LifeboatManifest
        {
            Version = 1,
            Files = ["lifeboat.yaml"],
            Repositories = NamedMap.Of(
                new RepositoryConfig
                {
                    Name = "local",
                    Url = ConnectionUrl.Parse("/srv/backups/lifeboat"),
                    Password = new FileSecretRef("/etc/lifeboat/password"),
                },
                new RepositoryConfig
                {
                    Name = "offsite",
                    Url = ConnectionUrl.Parse("s3:https://s3.example.com/acme/lifeboat"),
                    Password = new CommandSecretRef("pass show lifeboat/offsite"),
                    Options = NamedMap.Of(("region", "eu-central-1"), ("access_key_id", "AKIAEXAMPLE")),
                    Credentials = new NamedMap<SecretRef>([KeyValuePair.Create("secret_access_key", (SecretRef)new FileSecretRef("/etc/lifeboat/s3-secret"))]),
                }),
            Defaults = new DefaultsConfig
            {
                Repository = "local",
                Schedule = "30 2 * * *",
                Retention = retention,
                Hooks = new HooksConfig { OnError = onError },
            },
            Services = NamedMap.Of(
                new ServiceConfig
                {
                    Name = "redmine",
                    Description = "Issue tracker",
                    Priority = 20,
                    DependsOn = ["auth"],
                    Rpo = TimeSpan.FromHours(24),
                    Rto = TimeSpan.FromMinutes(90),
                    Schedule = "30 2 * * *",
                    Repository = "local",
                    Tags = ["tracker"],
                    Stop = new CommandLine(["systemctl", "stop", "redmine"]),
                    Start = new CommandLine(["systemctl", "start", "redmine"]),
                    Health = new HealthCheckConfig { Http = ConnectionUrl.Parse("http://127.0.0.1:3000/"), Timeout = TimeSpan.FromSeconds(90) },
                    Sources = NamedMap.Of<SourceConfig>(
                        new PostgresSourceConfig
                        {
                            Name = "db",
                            Url = ConnectionUrl.Parse("postgres://redmine@db.internal/redmine"),
                            Password = new FileSecretRef("/etc/redmine/dbpass"),
                        },
                        new FilesSourceConfig { Name = "files", Path = "/var/lib/redmine/files", Exclude = ["tmp/**"] },
                        new EnvSourceConfig { Name = "env", Path = "/etc/redmine/.env", Keys = ["SECRET_KEY_BASE"] }),
                    Hooks = new HooksConfig { BeforeBackup = new CommandLine(["/usr/local/bin/redmine-maintenance", "on"]), OnError = onError },
                    PostRestore =
                    [
                        new SqlFix
                        {
                            Name = "fix_migration_lock",
                            Description = "Unlock the migration table a restore can leave locked",
                            Source = "db",
                            Sql = "UPDATE schema_migrations_lock SET locked = false",
                        },
                        new CommandFix { Name = "chown_files", Run = new CommandLine(["chown", "-R", "redmine:", "/var/lib/redmine/files"]) },
                    ],
                    Retention = retention,
                    Verify =
                    [
                        new SqlCheck { Name = "issues", Source = "db", Query = "SELECT count(*) FROM issues", ExpectMin = 1 },
                        new SqlCheck { Name = "schema", Source = "db", Tables = ["issues", "users"] },
                        new ReferencesCheck { Name = "attachments", Source = "db", Query = "SELECT disk_filename FROM attachments", FilesSource = "files" },
                        new FilesCheck { Name = "uploads", Source = "files", Paths = ["README"], MinCount = 1 },
                        new CommandCheck { Name = "smoke", Run = new CommandLine(["/usr/local/bin/smoke"]), Timeout = TimeSpan.FromMinutes(2) },
                    ],
                    Drill = new DrillConfig
                    {
                        Server = ConnectionUrl.Parse("postgres://drill@scratch.internal/"),
                        Password = new InlineSecretRef(new SecretValue("drill-pw")),
                    },
                },
                new ServiceConfig
                {
                    Name = "auth",
                    Priority = 10,
                    Schedule = "30 2 * * *",
                    Repository = "offsite",
                    Backup = new BackupConfig { Enabled = false },
                    Retention = new RetentionConfig { KeepWithin = new CalendarDuration(1, 6, 0, 0), KeepTag = ["pre-migration"] },
                    Hooks = new HooksConfig { OnError = onError },
                    Sources = NamedMap.Of<SourceConfig>(
                        new MySqlSourceConfig
                        {
                            Name = "db",
                            Flavor = SourceKind.MariaDb,
                            Url = ConnectionUrl.Parse("mariadb://auth:auth-pw@127.0.0.1:3306/auth"),
                            Password = new InlineSecretRef(new SecretValue("auth-pw")),
                        },
                        new CommandSourceConfig
                        {
                            Name = "cache",
                            Backup = new CommandLine(["redis-cli", "--rdb", "-"]),
                            Restore = new CommandLine(["restore-rdb"]),
                            Filename = "dump.rdb",
                        },
                        new SqliteSourceConfig { Name = "state", Path = "/var/lib/auth/state.db" }),
                }),
        };

        Assert.Equal(expected.Repositories, manifest.Repositories);
        Assert.Equal(expected.Defaults, manifest.Defaults);
        foreach (var service in expected.Services.Values)
        {
            Assert.Equal(service, manifest.Services[service.Name]);
        }

        Assert.Equal(expected, manifest);
    }

    [Fact]
    public async Task Defaults_are_applied_and_a_service_keeps_its_own_settings()
    {
        var manifest = await Manifests.LoadValidAsync(Full,
            ("DB_HOST", "db"), ("DRILL_PASSWORD", "x"), ("AUTH_DB_PASSWORD", "y"));

        var redmine = manifest.Services["redmine"];
        var auth = manifest.Services["auth"];
        Assert.Equal("local", redmine.Repository);
        Assert.Equal("offsite", auth.Repository);
        Assert.Equal(3, redmine.Retention!.KeepLast);
        Assert.Null(auth.Retention!.KeepLast);
        Assert.Equal("/usr/local/bin/redmine-maintenance on", redmine.Hooks.BeforeBackup!.ToString());
        Assert.Equal("/usr/local/bin/notify ops", auth.Hooks.OnError!.ToString());
        Assert.True(redmine.Backup.Enabled);
        Assert.False(auth.Backup.Enabled);
        Assert.Equal(SourceKind.MariaDb, auth.Sources["db"].Kind);
    }

    [Fact]
    public async Task The_only_repository_is_the_default()
    {
        var manifest = await Manifests.LoadValidAsync("""
            version: 1
            repositories:
              backups: { url: /srv/backups }
            services:
              app:
                sources: { files: { type: files, path: /srv/app } }
            """);

        Assert.Equal("backups", manifest.Services["app"].Repository);
        Assert.Null(manifest.Repositories["backups"].Password);
    }

    [Fact]
    public async Task Restore_order_follows_dependencies_then_priority()
    {
        var manifest = await Manifests.LoadValidAsync("""
            version: 1
            repositories:
              local: { url: /srv/backups }
            services:
              wiki:
                priority: 5
                depends_on: [auth, db]
                sources: { f: { type: files, path: /srv/wiki } }
              mail:
                priority: 50
                sources: { f: { type: files, path: /srv/mail } }
              db:
                priority: 90
                sources: { f: { type: files, path: /srv/db } }
              auth:
                priority: 10
                depends_on: [db]
                sources: { f: { type: files, path: /srv/auth } }
              chat:
                sources: { f: { type: files, path: /srv/chat } }
            """);

        Assert.Equal(["mail", "db", "auth", "wiki", "chat"], manifest.RestoreOrder().Select(s => s.Name));
    }

    [Fact]
    public async Task Relative_paths_are_resolved_against_the_manifest_directory()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("lifeboat.yaml", """
            version: 1
            repositories:
              local: { url: ./backups, password_file: secrets/password }
            services:
              wiki:
                sources:
                  db: { type: sqlite, path: data/wiki.db }
            """);

        var manifest = await ManifestLoader.LoadAsync(path, Manifests.With());

        Assert.Equal(Path.Combine(directory.Path, "backups"), manifest.Repositories["local"].Url.Reveal());
        Assert.Equal(new FileSecretRef(Path.Combine(directory.Path, "secrets/password")), manifest.Repositories["local"].Password);
        Assert.Equal(Path.Combine(directory.Path, "data/wiki.db"), ((SqliteSourceConfig)manifest.Services["wiki"].Sources["db"]).Path);
    }

    [Fact]
    public async Task A_missing_manifest_is_a_one_line_configuration_error()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "lifeboat.yaml");

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => ManifestLoader.LoadAsync(path));

        Assert.Equal($"manifest {path} not found", error.Message);
        Assert.NotNull(error.Hint);
    }

    [Fact]
    public async Task LoadAsync_throws_every_problem_in_one_exception()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("lifeboat.yaml", """
            version: 1
            services:
              app:
                priorty: 1
                sources: { f: { type: file, path: /a } }
            """);

        var error = await Assert.ThrowsAsync<ManifestException>(() => ManifestLoader.LoadAsync(path, Manifests.With()));

        Assert.Equal(2, error.Problems.Count);
        Assert.Equal(
            $"{path}:4:5: services.app: unknown key 'priorty' (did you mean 'priority'?)\n" +
            $"{path}:5:27: services.app.sources.f.type: unknown source type 'file' (did you mean 'files'?)",
            error.Message);
        Assert.IsAssignableFrom<ConfigurationException>(error);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once_in_file_order()
    {
        var problems = await Manifests.ProblemsAsync("""
            version: 1
            repositories:
              local: { url: /srv/backups, pasword_file: /etc/pw }
            defaults:
              retention: { keep_daily: many }
            services:
              app:
                depends_on: [ghost]
                rpo: soon
                sources:
                  db: { type: postgres, url: "postgres://app@h/app", format: tar }
                  up: { type: files, path: /srv/up, exclude: tmp }
                post_restore:
                  - { name: fix, source: nope, sql: "select 1" }
                verify:
                  - { name: n, type: sql, source: db }
              other:
                depends_on: [app]
                sources: { f: { type: files } }
            """);

        Assert.Equal(
        [
            "lifeboat.yaml:3:31: repositories.local: unknown key 'pasword_file' (did you mean 'password_file'?)",
            "lifeboat.yaml:5:28: defaults.retention.keep_daily: expected an integer from 1 to 1000000, got 'many'",
            "lifeboat.yaml:8:18: services.app.depends_on[0]: service 'ghost' is not declared (declared: other)",
            "lifeboat.yaml:9:10: services.app.rpo: invalid duration 'soon': is not a duration (write a number followed by s, m, h, d or w: 90s, 30m, 24h, 7d, 1h30m)",
            "lifeboat.yaml:11:66: services.app.sources.db.format: expected one of custom, plain, got 'tar'",
            "lifeboat.yaml:12:50: services.app.sources.up.exclude: expected a list, got 'tmp' (write a list, e.g. [tmp])",
            "lifeboat.yaml:14:30: services.app.post_restore[0].source: source 'nope' is not declared in service 'app' (declared: db)",
            "lifeboat.yaml:16:9: services.app.verify[0]: needs at least one of 'query' or 'tables'",
            "lifeboat.yaml:19:16: services.other.sources.f: missing required key 'path' (for example path: /var/lib/app/uploads)",
        ], problems);
    }

    [Fact]
    public async Task Anchors_merge_keys_and_x_keys_share_settings()
    {
        var manifest = await Manifests.LoadValidAsync("""
            version: 1
            x-systemd: &systemd
              stop: [systemctl, stop, app]
              start: [systemctl, start, app]
              priority: 30
            repositories:
              local: { url: /srv/backups }
            services:
              one:
                <<: *systemd
                priority: 5
                sources: { f: { type: files, path: /srv/one } }
              two:
                <<: *systemd
                x-note: anything goes here
                sources: { f: { type: files, path: /srv/two } }
            """);

        Assert.Equal(5, manifest.Services["one"].Priority);
        Assert.Equal(30, manifest.Services["two"].Priority);
        Assert.Equal("systemctl stop app", manifest.Services["two"].Stop!.ToString());
        Assert.Equal(manifest.Services["one"].Start, manifest.Services["two"].Start);
    }
}
