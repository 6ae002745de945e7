namespace Lifeboat.Manifest.Tests;

/// <summary>
/// One mistake per manifest, each reported with the exact file:line:column, message and hint an
/// operator sees from 'lifeboat config validate'.
/// </summary>
public sealed class InvalidManifestTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        {
            "yaml syntax error",
            """
            version: 1
            services:
              app: { sources: "unterminated }
            """,
            "lifeboat.yaml:3:19: invalid YAML: While scanning a quoted scalar, found unexpected end of stream"
        },
        {
            "duplicate key",
            """
            version: 1
            version: 1
            """,
            "lifeboat.yaml:2:1: duplicate key 'version' (first defined at line 1)"
        },
        {
            "unknown top-level key",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            service:
              app: {}
            """,
            "lifeboat.yaml:4:1: unknown key 'service' (did you mean 'services'?)"
        },
        {
            "unknown service key",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                retenion: { keep_last: 3 }
                sources:
                  db: { type: postgres, url: "postgres://app@127.0.0.1/app" }
            """,
            "lifeboat.yaml:6:5: services.app: unknown key 'retenion' (did you mean 'retention'?)"
        },
        {
            "wrong type",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                priority: high
                sources:
                  db: { type: postgres, url: "postgres://app@127.0.0.1/app" }
            """,
            "lifeboat.yaml:6:15: services.app.priority: expected an integer from 0 to 10000, got 'high'"
        },
        {
            "missing version",
            """
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            """,
            "lifeboat.yaml:1:1: missing required key 'version' (for example version: 1)"
        },
        {
            "missing source url",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources:
                  db: { type: postgres }
            """,
            "lifeboat.yaml:7:7: services.app.sources.db: missing required key 'url' (for example url: postgres://app@127.0.0.1:5432/app)"
        },
        {
            "unknown source type",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources:
                  db: { type: postgresql, url: "postgres://app@127.0.0.1/app" }
            """,
            "lifeboat.yaml:7:19: services.app.sources.db.type: unknown source type 'postgresql' (did you mean 'postgres'?)"
        },
        {
            "depends_on names a missing service",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                depends_on: [auht]
                sources:
                  files: { type: files, path: /srv/app }
              auth:
                sources:
                  files: { type: files, path: /srv/auth }
            """,
            "lifeboat.yaml:6:18: services.app.depends_on[0]: service 'auht' is not declared (did you mean 'auth'?)"
        },
        {
            "dependency cycle",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              a:
                depends_on: [b]
                sources: { f: { type: files, path: /a } }
              b:
                depends_on: [c]
                sources: { f: { type: files, path: /b } }
              c:
                depends_on: [a]
                sources: { f: { type: files, path: /c } }
            """,
            "lifeboat.yaml:6:18: services.a.depends_on[0]: dependency cycle: a -> b -> c -> a (a service cannot be restored before itself: remove one of these dependencies)"
        },
        {
            "post_restore names a missing source",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources:
                  db: { type: postgres, url: "postgres://app@127.0.0.1/app" }
                post_restore:
                  - { name: unlock, source: dbb, sql: "UPDATE locks SET locked = false" }
            """,
            "lifeboat.yaml:9:33: services.app.post_restore[0].source: source 'dbb' is not declared in service 'app' (did you mean 'db'?)"
        },
        {
            "post_restore sql against a files source",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources:
                  files: { type: files, path: /srv/app }
                post_restore:
                  - { name: unlock, source: files, sql: "UPDATE locks SET locked = false" }
            """,
            "lifeboat.yaml:9:33: services.app.post_restore[0].source: source 'files' is a files source; expected a database source (postgres, mysql, mariadb or sqlite)"
        },
        {
            "duplicate post_restore names",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources:
                  files: { type: files, path: /srv/app }
                post_restore:
                  - { name: chown, run: [chown, -R, app, /srv/app] }
                  - { name: chown, run: [chmod, -R, g+w, /srv/app] }
            """,
            "lifeboat.yaml:10:9: services.app.post_restore[1]: post_restore step 'chown' is declared twice"
        },
        {
            "duration without a unit",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                rpo: 24
                sources: { f: { type: files, path: /a } }
            """,
            "lifeboat.yaml:6:10: services.app.rpo: invalid duration '24': has no unit (write a number followed by s, m, h, d or w: 90s, 30m, 24h, 7d, 1h30m)"
        },
        {
            "invalid cron expression",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                schedule: "61 2 * * *"
                sources: { f: { type: files, path: /a } }
            """,
            "lifeboat.yaml:6:15: services.app.schedule: invalid cron expression '61 2 * * *': Minutes: Value must be a number between 0 and 59 (five fields: minute hour day-of-month month day-of-week, e.g. '30 2 * * *', or @hourly, @daily, @weekly, @monthly)"
        },
        {
            "unknown repository",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                repository: offsite
                sources: { f: { type: files, path: /a } }
            """,
            "lifeboat.yaml:6:17: services.app.repository: repository 'offsite' is not declared (declared: local)"
        },
        {
            "literal password",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password: hunter2 }
            """,
            "lifeboat.yaml:3:41: repositories.local.password: a secret cannot be written in the manifest (use password_file, password_command, or an environment variable: ${VARIABLE})"
        },
        {
            "password in the URL and in a file",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources:
                  db: { type: postgres, url: "postgres://app:pw@127.0.0.1/app", password_file: /etc/app/dbpass }
            """,
            "lifeboat.yaml:7:69: services.app.sources.db.password_file: the password is given twice: in the URL and in 'password_file' (remove one of them)"
        },
        {
            "no repository for a service",
            """
            version: 1
            services:
              app:
                sources: { f: { type: files, path: /a } }
            """,
            "lifeboat.yaml:3:3: services.app: no repository for this service (declare one under 'repositories')"
        },
        {
            "command as a string",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                stop: systemctl stop app
                start: [systemctl, start, app]
                sources: { f: { type: files, path: /a } }
            """,
            "lifeboat.yaml:6:11: services.app.stop: expected a command as a list, e.g. [systemctl, stop, app], got 'systemctl stop app' (write [systemctl, stop, app], or [sh, -c, '...'] for shell syntax)"
        },
        {
            "two health checks",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                health: { http: "http://127.0.0.1:3000/", tcp: "127.0.0.1:3000" }
                sources: { f: { type: files, path: /a } }
            """,
            "lifeboat.yaml:6:47: services.app.health.tcp: give only one of 'http', 'tcp' or 'command' ('http' is already given)"
        },
        {
            "retention without a rule",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            defaults:
              retention: {}
            """,
            "lifeboat.yaml:5:3: defaults.retention: needs at least one of 'keep_last', 'keep_hourly', 'keep_daily', 'keep_weekly', 'keep_monthly', 'keep_yearly', 'keep_within' or 'keep_tag'"
        },
        {
            "bad keep_within",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            defaults:
              retention: { keep_within: 2w }
            """,
            "lifeboat.yaml:5:29: defaults.retention.keep_within: invalid duration '2w': has an unknown unit 'w' (write numbers with units y (years), m (months), d (days), h (hours), e.g. 1y6m or 30d)"
        },
        {
            "unsupported version",
            "version: 2",
            "lifeboat.yaml:1:10: version: unsupported manifest version '2' (this version of Lifeboat reads manifests of version 1)"
        },
        {
            "required variable with a message",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources:
                  db: { type: postgres, url: "postgres://app@${DB_HOST:?the database host}/app" }
            """,
            "lifeboat.yaml:7:50: services.app.sources.db.url: environment variable DB_HOST is not set: the database host"
        },
        {
            "invalid interpolation",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources:
                  f: { type: files, path: "/srv/${1DIR}" }
            """,
            "lifeboat.yaml:7:37: services.app.sources.f.path: invalid interpolation '${1DIR}': '${' must be followed by a variable name (write ${NAME}, ${NAME:-default} or ${NAME:?message}, and $$ for a literal '$')"
        },
        {
            "service without sources",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources: {}
            """,
            "lifeboat.yaml:6:5: services.app.sources: declares no source (declare at least one source)"
        },
        {
            "invalid service name",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              my app:
                sources: { f: { type: files, path: /a } }
            """,
            "lifeboat.yaml:5:3: services: invalid service name 'my app' (use letters, digits, '_', '.' and '-', starting with a letter or digit, at most 64 characters)"
        },
        {
            "missing included file",
            """
            version: 1
            include: [services/nope.yaml]
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            """,
            "lifeboat.yaml:2:11: include[0]: included file 'services/nope.yaml' does not exist (paths are relative to the including file)"
        },
        {
            "expectation without a query",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources:
                  db: { type: sqlite, path: /srv/app/app.db }
                verify:
                  - { name: tables, type: sql, source: db, tables: [users], expect_rows: 1 }
            """,
            "lifeboat.yaml:9:65: services.app.verify[0].expect_rows: 'expect_rows' needs 'query' (the query whose rows are counted)"
        },
        {
            "two expectations",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources:
                  db: { type: sqlite, path: /srv/app/app.db }
                verify:
                  - { name: users, type: sql, source: db, query: "SELECT count(*) FROM users", expect_rows: 1, expect_min: 1 }
            """,
            "lifeboat.yaml:9:100: services.app.verify[0].expect_min: give only one of 'expect_rows', 'expect_min' or 'expect_value' ('expect_rows' is already given)"
        },
        {
            "duplicate check names",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources:
                  files: { type: files, path: /srv/app }
                verify:
                  - { name: present, type: files, source: files, min_count: 1 }
                  - { name: present, type: command, run: [test, -d, /srv/app] }
            """,
            "lifeboat.yaml:10:9: services.app.verify[1]: check 'present' is declared twice"
        },
        {
            "files check on a database source",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources:
                  db: { type: sqlite, path: /srv/app/app.db }
                verify:
                  - { name: present, type: files, source: db, min_count: 1 }
            """,
            "lifeboat.yaml:9:47: services.app.verify[0].source: source 'db' is a sqlite source; expected a files source"
        },
        {
            "duplicate env keys",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources:
                  env: { type: env, path: /etc/app/.env, keys: [SECRET_KEY_BASE, SECRET_KEY_BASE] }
            """,
            "lifeboat.yaml:7:70: services.app.sources.env.keys[1]: 'SECRET_KEY_BASE' is listed twice"
        },
        {
            "command source without restore",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              cache:
                sources:
                  rdb: { type: command, backup: [redis-cli, --rdb, "-"] }
            """,
            "lifeboat.yaml:7:7: services.cache.sources.rdb: missing required key 'restore' (for example restore: [sh, -c, 'cat > /var/lib/redis/dump.rdb'])"
        },
        {
            "wrong URL scheme",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources:
                  db: { type: postgres, url: "mysql://app@127.0.0.1/app" }
            """,
            "lifeboat.yaml:7:34: services.app.sources.db.url: expected a postgres:// URL, got 'mysql://app@127.0.0.1/app' (the URL must start with postgres:// or postgresql://)"
        },
        {
            "yes is not a boolean",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                backup: { enabled: yes }
                sources: { f: { type: files, path: /a } }
            """,
            "lifeboat.yaml:6:24: services.app.backup.enabled: expected true or false, got 'yes'"
        },
        {
            "a scalar where a list belongs",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                sources:
                  f: { type: files, path: /a, exclude: "tmp/**" }
            """,
            "lifeboat.yaml:7:44: services.app.sources.f.exclude: expected a list, got 'tmp/**' (write a list, e.g. [tmp/**])"
        },
        {
            "two documents",
            """
            version: 1
            ---
            version: 1
            """,
            "lifeboat.yaml:2:1: a manifest file holds one YAML document (remove the '---' line, or move the second document to a file of its own and include it)"
        },
        {
            "tag with a space",
            """
            version: 1
            repositories:
              local: { url: /srv/backups, password_file: /etc/lifeboat/password }
            services:
              app:
                tags: [nightly run]
                sources: { f: { type: files, path: /a } }
            """,
            "lifeboat.yaml:6:12: services.app.tags[0]: expected a tag, got 'nightly run' (a tag has no spaces or commas)"
        },
        {
            "a blank secret file",
            """
            version: 1
            repositories:
              local:
                url: /srv/backups
                password_file:
            """,
            "lifeboat.yaml:5:5: repositories.local.password_file: needs a value (expected a path to a file)"
        },
        {
            "an empty file",
            "",
            "lifeboat.yaml:1:1: missing required key 'version' (for example version: 1)"
        },
        {
            "a list at the top",
            """
            - version: 1
            """,
            "lifeboat.yaml:1:1: expected a mapping of manifest settings, got a list"
        },
        {
            "a merge key with a scalar",
            """
            version: 1
            x-base: &base plain
            defaults:
              <<: *base
            """,
            "lifeboat.yaml:2:9: a merge key '<<' takes a mapping or a list of mappings, not 'plain'"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_mistake_is_reported_with_its_location_and_hint(string mistake, string yaml, string expected)
    {
        var problems = await Manifests.ProblemsAsync(yaml);

        Assert.True(problems.Count == 1, $"{mistake}: expected one problem, got:\n{string.Join('\n', problems)}");
        Assert.Equal(expected, problems[0]);
    }
}
