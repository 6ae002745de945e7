using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Definitions;

/// <summary><c>sources:</c> — the typed data sources of a service, one object type per kind.</summary>
internal static class SourceSchemas
{
    private static readonly SecretKeys PostgresPassword = new("password", "the database password");
    private static readonly SecretKeys MySqlPassword = new("password", "the database password");

    private static readonly Property<ValueList<string>> PostgresDumpArgs = new("dump_args", Types.Strings, "Extra arguments for pg_dump.")
    {
        Example = "[--exclude-table=audit_log]",
    };

    private static readonly Property<ValueList<string>> PostgresRestoreArgs = new("restore_args", Types.Strings,
        "Extra arguments for pg_restore (custom format) or psql (plain format).");

    private static readonly Property<ValueList<string>> MySqlDumpArgs = new("dump_args", Types.Strings, "Extra arguments for mariadb-dump or mysqldump.");

    private static readonly Property<ValueList<string>> MySqlRestoreArgs = new("restore_args", Types.Strings, "Extra arguments for the mariadb or mysql client.");

    private static readonly Property<string> PostgresBinDir = new("bin_dir", Types.Path,
        "The directory of pg_dump, pg_restore and psql to use (they must be at least the server's major version); default: from PATH.")
    {
        Example = "/usr/lib/postgresql/17/bin",
    };

    private static readonly Property<string> MySqlBinDir = new("bin_dir", Types.Path,
        "The directory of mariadb-dump/mysqldump and the client to use; default: from PATH.");

    public static Property<ConnectionUrl> PostgresUrl { get; } = new("url",
        new UrlType("a postgres:// URL", "postgres", "postgresql") { RequiresDatabase = true, Example = "postgres://app@127.0.0.1:5432/app" },
        "The database as a libpq URL: postgres://user@host:port/dbname?sslmode=... A password in it is accepted and kept secret.")
    {
        Required = true,
        Example = "postgres://app@127.0.0.1:5432/app",
    };

    public static Property<PostgresDumpFormat> Format { get; } = new("format",
        new EnumType<PostgresDumpFormat>(("custom", PostgresDumpFormat.Custom), ("plain", PostgresDumpFormat.Plain)),
        "custom: pg_dump's custom format, restored with pg_restore; plain: SQL text, restored with psql.")
    {
        Default = PostgresDumpFormat.Custom,
    };

    public static Property<long> Compression { get; } = new("compression", new IntegerType(0, 9),
        "pg_dump compression level for the custom format. 0 (uncompressed) lets daily dumps deduplicate; the repository compresses anyway.")
    {
        Default = 0,
    };

    public static Property<ConnectionUrl> MySqlUrl { get; } = new("url",
        new UrlType("a mysql:// or mariadb:// URL", "mysql", "mariadb") { RequiresDatabase = true, Example = "mysql://app@127.0.0.1:3306/app" },
        "The database as a URL: mysql://user@host:port/dbname (or mariadb://). A password in it is accepted and kept secret.")
    {
        Required = true,
        Example = "mysql://app@127.0.0.1:3306/app",
    };

    public static Property<string> SqlitePath { get; } = new("path", Types.File,
        "The SQLite database file; copied with SQLite's online backup API while the application keeps writing.")
    {
        Required = true,
        Example = "/var/lib/wiki/wiki.db",
    };

    public static Property<string> FilesPath { get; } = new("path", Types.Path, "The directory to back up (or a single file).")
    {
        Required = true,
        Example = "/var/lib/app/uploads",
    };

    public static Property<ValueList<string>> Exclude { get; } = new("exclude", Types.Strings,
        "Glob patterns, relative to path, of files and directories to leave out: temporary and in-progress upload directories, caches.")
    {
        Example = "[tmp/**, .uploads/**]",
    };

    public static Property<string> EnvPath { get; } = new("path", Types.File, "The dotenv file (KEY=value lines).")
    {
        Required = true,
        Example = "/etc/app/.env",
    };

    public static Property<ValueList<string>> Keys { get; } = new("keys",
        new ListType<string>(new StringType("a variable name")
        {
            Pattern = new System.Text.RegularExpressions.Regex("^[A-Za-z_][A-Za-z0-9_]*$"),
            PatternHint = "a variable name: letters, digits and '_'",
        })
        { Unique = true, MinItems = 1 },
        "Back up only these keys (a config slice); a restore merges them into the current file. Without keys: the whole file.")
    {
        Example = "[SECRET_KEY_BASE]",
    };

    public static Property<CommandLine> BackupCommand { get; } = new("backup", Types.Command,
        "Writes the backup to its standard output, streamed into the repository.")
    {
        Required = true,
        Example = "[redis-cli, --rdb, -]",
    };

    public static Property<CommandLine> RestoreCommand { get; } = new("restore", Types.Command,
        "Reads the backup from its standard input to restore it.")
    {
        Required = true,
        Example = "[sh, -c, 'cat > /var/lib/redis/dump.rdb']",
    };

    public static Property<string> Filename { get; } = new("filename",
        new StringType("a file name") { Pattern = new System.Text.RegularExpressions.Regex("^[^/\\0]+$"), PatternHint = "a file name without '/'" },
        "The name of the stream in the snapshot; default: the source's name.")
    {
        Example = "dump.rdb",
    };

    public static ObjectType<SourceConfig> Postgres { get; } = new("postgres source",
        "A PostgreSQL database, streamed from pg_dump into the repository (never a temporary file).",
        [PostgresUrl, .. PostgresPassword.Properties, Format, Compression, PostgresBinDir, PostgresDumpArgs, PostgresRestoreArgs],
        r => new PostgresSourceConfig
        {
            Name = r.Name,
            Url = r.Required(PostgresUrl),
            Password = PostgresPassword.Read(r, r.Required(PostgresUrl)),
            Format = r.Get(Format),
            Compression = (int)r.Get(Compression),
            BinDir = r.Get(PostgresBinDir),
            DumpArgs = r.Get(PostgresDumpArgs) ?? [],
            RestoreArgs = r.Get(PostgresRestoreArgs) ?? [],
        })
    {
        Rules = [PostgresPassword.Rule],
    };

    public static ObjectType<SourceConfig> MySql { get; } = MySqlType(SourceKind.MySql);

    public static ObjectType<SourceConfig> MariaDb { get; } = MySqlType(SourceKind.MariaDb);

    public static ObjectType<SourceConfig> Sqlite { get; } = new("sqlite source", "An SQLite database file.", [SqlitePath],
        r => new SqliteSourceConfig { Name = r.Name, Path = r.Required(SqlitePath) });

    public static ObjectType<SourceConfig> Files { get; } = new("files source", "A directory of files.", [FilesPath, Exclude],
        r => new FilesSourceConfig { Name = r.Name, Path = r.Required(FilesPath), Exclude = r.Get(Exclude) ?? [] });

    public static ObjectType<SourceConfig> Env { get; } = new("env source", "A dotenv file, whole or only some keys.", [EnvPath, Keys],
        r => new EnvSourceConfig { Name = r.Name, Path = r.Required(EnvPath), Keys = r.Get(Keys) ?? [] });

    public static ObjectType<SourceConfig> Command { get; } = new("command source",
        "Any dump command's standard output (redis --rdb -, mongodump --archive), with the command that restores it.",
        [BackupCommand, RestoreCommand, Filename],
        r => new CommandSourceConfig
        {
            Name = r.Name,
            Backup = r.Required(BackupCommand),
            Restore = r.Required(RestoreCommand),
            Filename = r.Get(Filename) ?? r.Name,
        });

    public static UnionType<SourceConfig> Type { get; } = new("source",
        "A piece of the service's data; 'type' says which kind, the other keys are that kind's options.",
        [
            ("postgres", Postgres, "A PostgreSQL database (pg_dump)."),
            ("mysql", MySql, "A MySQL database (mysqldump)."),
            ("mariadb", MariaDb, "A MariaDB database (mariadb-dump)."),
            ("sqlite", Sqlite, "An SQLite database file (online backup API)."),
            ("files", Files, "A directory, with exclude globs."),
            ("env", Env, "A dotenv file or some of its keys."),
            ("command", Command, "A dump command's stdout and the matching restore command."),
        ])
    {
        OnTag = (context, tag) =>
        {
            if (context.Load.Declarations.TryGetValue((DeclarationKind.Source, context.Service, context.Name), out var declaration))
            {
                declaration.Tag = tag;
            }
        },
    };

    private static ObjectType<SourceConfig> MySqlType(SourceKind kind) => new($"{kind.ToManifestName()} source",
        "A MySQL or MariaDB database, streamed from mariadb-dump/mysqldump --single-transaction --routines --events --triggers.",
        [MySqlUrl, .. MySqlPassword.Properties, MySqlBinDir, MySqlDumpArgs, MySqlRestoreArgs],
        r => new MySqlSourceConfig
        {
            Name = r.Name,
            Flavor = kind,
            Url = r.Required(MySqlUrl),
            Password = MySqlPassword.Read(r, r.Required(MySqlUrl)),
            BinDir = r.Get(MySqlBinDir),
            DumpArgs = r.Get(MySqlDumpArgs) ?? [],
            RestoreArgs = r.Get(MySqlRestoreArgs) ?? [],
        })
    {
        Rules = [MySqlPassword.Rule],
    };
}
