using System.Security.Cryptography;
using Lifeboat.Testing;

namespace Lifeboat.Testing.Services;

/// <summary>
/// A service with every kind of source, as an issue tracker with a file drive would have: its
/// PostgreSQL database (issues, attachments, a migration lock), a MariaDB database, an SQLite
/// settings database, an attachments directory with a temporary upload directory that is excluded,
/// the secret slice of its <c>.env</c>, and a state dumped by a command. The stop and start commands
/// and the hooks append to an events log. Passwords come from a file (PostgreSQL) and from a
/// variable (MariaDB); the <c>.env</c> holds planted secret values.
/// </summary>
public sealed class TrackerService
{
    private TrackerService(IServiceHost lab, PostgreSqlServer postgres, MariaDbServer mariaDb, string name, string pgDatabase, string mariaDatabase)
    {
        Lab = lab;
        Postgres = postgres;
        MariaDb = mariaDb;
        Name = name;
        PgDatabase = pgDatabase;
        MariaDatabase = mariaDatabase;
        SecretKeyBase = "skb-" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        SmtpPassword = "smtp-" + RandomNumberGenerator.GetHexString(20, lowercase: true);
    }

    public IServiceHost Lab { get; }

    public PostgreSqlServer Postgres { get; }

    public MariaDbServer MariaDb { get; }

    /// <summary>The service name (unique per test, so scratch leftovers can be told apart).</summary>
    public string Name { get; }

    public string PgDatabase { get; }

    public string MariaDatabase { get; }

    /// <summary>The secret value of the env slice's key.</summary>
    public string SecretKeyBase { get; }

    /// <summary>A secret in the .env that is not part of the slice.</summary>
    public string SmtpPassword { get; }

    public string SqlitePath => Lab.Combine("tracker", "settings.db");

    public string FilesPath => Lab.Combine("tracker", "files");

    public string EnvPath => Lab.Combine("tracker", ".env");

    public string StatePath => Lab.Combine("tracker", "state.txt");

    public string EventsPath => Lab.Combine("events.log");

    public string PgPasswordFile => Lab.Combine("pg-password");

    /// <summary>Every secret of the service: database passwords, the repository's, the .env's.</summary>
    public IReadOnlyList<string> Secrets => [Postgres.Password, MariaDb.Password, Lab.Password, SecretKeyBase, SmtpPassword];

    /// <summary>What <c>${VAR}</c> resolves to when the manifest is loaded.</summary>
    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string> { ["MARIADB_PASSWORD"] = MariaDb.Password };

    public static async Task<TrackerService> CreateAsync(IServiceHost lab, PostgreSqlServer postgres, MariaDbServer mariaDb, string name = "tracker")
    {
        var pgDatabase = await postgres.CreateUniqueDatabaseAsync("tracker");
        var mariaDatabase = await mariaDb.CreateUniqueDatabaseAsync("drive");
        var service = new TrackerService(lab, postgres, mariaDb, $"{name}{RandomNumberGenerator.GetHexString(6, lowercase: true)}", pgDatabase, mariaDatabase);
        await service.FillAsync();
        return service;
    }

    /// <summary>The service's manifest entry; <paramref name="extra"/> adds keys (indented by four spaces).</summary>
    public string Yaml(string extra = "") => $$"""
          {{Name}}:
            stop: [sh, -c, "echo stop >> {{EventsPath}}"]
            start: [sh, -c, "echo start >> {{EventsPath}}"]
            sources:
              db: { type: postgres, url: "postgres://postgres@127.0.0.1:{{Postgres.Port}}/{{PgDatabase}}", password_file: {{PgPasswordFile}} }
              drive: { type: mariadb, url: "mariadb://root@127.0.0.1:{{MariaDb.Port}}/{{MariaDatabase}}", password: "${MARIADB_PASSWORD}" }
              settings: { type: sqlite, path: {{SqlitePath}} }
              files: { type: files, path: {{FilesPath}}, exclude: ["tmp/**"] }
              env: { type: env, path: {{EnvPath}}, keys: [SECRET_KEY_BASE] }
              state: { type: command, backup: [cat, {{StatePath}}], restore: [sh, -c, "cat > {{StatePath}}"], filename: state.bin }
        {{extra}}
        """;

    /// <summary>Everything an operator would compare after a restore, source by source.</summary>
    public async Task<string> FingerprintAsync() => string.Join(
        "\n",
        "[db]", await PostgreSqlChecksums.OfAsync(Postgres, PgDatabase),
        "[drive]", await MariaDbChecksums.OfAsync(MariaDb, MariaDatabase),
        "[settings]", File.Exists(SqlitePath) ? SqliteChecksums.Of(SqlitePath) : "missing",
        "[files]", TreeChecksums.Of(FilesPath, path => !path.StartsWith("tmp", StringComparison.Ordinal)),
        "[env]", File.Exists(EnvPath) ? File.ReadAllText(EnvPath) : "missing",
        "[state]", File.Exists(StatePath) ? TreeChecksums.Sha256(StatePath) : "missing");

    public string[] Events() => File.Exists(EventsPath) ? File.ReadAllLines(EventsPath) : [];

    /// <summary>Changes every source (the state a restore must undo, or keep after a rollback).</summary>
    public async Task ChangeAsync()
    {
        await Postgres.ExecuteAsync(PgDatabase, "INSERT INTO issues (project_id, title) VALUES (1, 'filed after the backup'); DELETE FROM attachments WHERE id = 1;");
        await MariaDb.ExecuteAsync(MariaDatabase, "UPDATE files SET size = size + 1 WHERE id <= 3");
        SqliteChecksums.Execute(SqlitePath, "UPDATE settings SET value = 'changed' WHERE key = 'theme'");
        File.WriteAllText(Path.Combine(FilesPath, "2024", "01", "att-7.bin"), "uploaded after the backup");
        File.Delete(Path.Combine(FilesPath, "readme.txt"));
        File.WriteAllText(EnvPath, File.ReadAllText(EnvPath).Replace(SecretKeyBase, "rotated-key", StringComparison.Ordinal));
        File.WriteAllText(StatePath, "state after the backup\n");
    }

    private async Task FillAsync()
    {
        await Postgres.ExecuteAsync(PgDatabase, """
            CREATE TABLE projects (id serial PRIMARY KEY, name text NOT NULL);
            CREATE TABLE issues (
                id serial PRIMARY KEY, project_id int NOT NULL REFERENCES projects, title text NOT NULL, body text,
                created timestamptz NOT NULL DEFAULT '2024-01-02 03:04:05+00');
            CREATE TABLE attachments (id serial PRIMARY KEY, issue_id int REFERENCES issues, disk_path text NOT NULL);
            CREATE TABLE schema_migrations_lock (locked boolean NOT NULL);
            INSERT INTO projects (name) SELECT 'project ' || g FROM generate_series(1, 5) g;
            INSERT INTO issues (project_id, title, body)
                SELECT 1 + g % 5, 'issue ' || g, repeat('ñøté body ' || g || ' ''quoted'' ', 20) FROM generate_series(1, 300) g;
            INSERT INTO attachments (issue_id, disk_path) SELECT g, '2024/01/att-' || g || '.bin' FROM generate_series(1, 6) g;
            INSERT INTO schema_migrations_lock VALUES (true);
            """);
        await MariaDb.ExecuteAsync(MariaDatabase, """
            CREATE TABLE files (id int AUTO_INCREMENT PRIMARY KEY, path varchar(200) NOT NULL, size int NOT NULL, content blob);
            CREATE TABLE shares (id int PRIMARY KEY, file_id int NOT NULL, token varchar(64) NOT NULL);
            INSERT INTO files (path, size, content)
                SELECT CONCAT('docs/f', n, '.txt'), n * 10, REPEAT('é', n)
                FROM (WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 50) SELECT n FROM s) AS numbers;
            INSERT INTO shares VALUES (1, 1, 'share-one'), (2, 7, 'share-two');
            """);

        Directory.CreateDirectory(Path.GetDirectoryName(SqlitePath)!);
        SqliteChecksums.Execute(SqlitePath, """
            CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO settings VALUES ('theme', 'dark'), ('locale', 'fr_FR'), ('per_page', '25');
            CREATE TABLE sessions (id INTEGER PRIMARY KEY, user TEXT, data BLOB);
            INSERT INTO sessions (user, data) VALUES ('alice', x'00ff10'), ('bob', NULL);
            """);

        for (var i = 1; i <= 6; i++)
        {
            Lab.Directory.WriteFile(Path.Combine("tracker", "files", "2024", "01", $"att-{i}.bin"), string.Concat(Enumerable.Repeat($"attachment {i}\n", 50 * i)));
        }

        Lab.Directory.WriteFile(Path.Combine("tracker", "files", "readme.txt"), "uploads of the tracker\n");
        Lab.Directory.WriteFile(Path.Combine("tracker", "files", "tmp", "upload-in-progress.part"), "half an upload");
        Lab.Directory.WriteFile(Path.Combine("tracker", ".env"), $"# tracker settings\nAPP_URL=http://tracker.example\nSECRET_KEY_BASE={SecretKeyBase}\nSMTP_PASSWORD={SmtpPassword}\n");
        Lab.Directory.WriteFile(Path.Combine("tracker", "state.txt"), "state at the backup\n");
        Lab.Directory.WriteFile("pg-password", Postgres.Password + "\n");
    }
}
