namespace Lifeboat.Manifest;

/// <summary>
/// One piece of a service's data (<c>sources:</c>), backed up to <c>&lt;service&gt;/&lt;source&gt;</c> in
/// the service's snapshot. Each kind is its own record with the options its data source needs.
/// </summary>
public abstract record SourceConfig : INamed
{
    public required string Name { get; init; }

    public abstract SourceKind Kind { get; }
}

/// <summary>A PostgreSQL database, dumped with <c>pg_dump</c> and restored with <c>pg_restore</c>/<c>psql</c>.</summary>
public sealed record PostgresSourceConfig : SourceConfig
{
    public override SourceKind Kind => SourceKind.Postgres;

    /// <summary><c>postgres://user@host:5432/dbname?sslmode=...</c>; the database is its path.</summary>
    public required ConnectionUrl Url { get; init; }

    /// <summary>From <c>password_file</c>, <c>password_command</c>, <c>password: ${VAR}</c> or the URL; null: libpq's own (.pgpass, peer).</summary>
    public SecretRef? Password { get; init; }

    public PostgresDumpFormat Format { get; init; } = PostgresDumpFormat.Custom;

    /// <summary>pg_dump compression level for the custom format; 0 (the default) lets dumps deduplicate.</summary>
    public int Compression { get; init; }

    /// <summary>Directory of pg_dump/pg_restore/psql to use (e.g. <c>/usr/lib/postgresql/17/bin</c>), or null for PATH.</summary>
    public string? BinDir { get; init; }

    /// <summary>Extra arguments for pg_dump.</summary>
    public ValueList<string> DumpArgs { get; init; } = [];

    /// <summary>Extra arguments for pg_restore (custom format) or psql (plain).</summary>
    public ValueList<string> RestoreArgs { get; init; } = [];
}

/// <summary>The pg_dump output format.</summary>
public enum PostgresDumpFormat
{
    /// <summary><c>--format=custom</c>, restored with pg_restore.</summary>
    Custom,

    /// <summary>Plain SQL, restored with psql.</summary>
    Plain,
}

/// <summary>A MySQL or MariaDB database, dumped with <c>mariadb-dump</c>/<c>mysqldump</c>.</summary>
public sealed record MySqlSourceConfig : SourceConfig
{
    private readonly SourceKind _kind = SourceKind.MySql;

    /// <summary><see cref="SourceKind.MySql"/> or <see cref="SourceKind.MariaDb"/>, as the manifest's <c>type</c> says.</summary>
    public override SourceKind Kind => _kind;

    /// <summary>Sets <see cref="Kind"/> (mysql or mariadb).</summary>
    public SourceKind Flavor
    {
        get => _kind;
        init => _kind = value is SourceKind.MySql or SourceKind.MariaDb ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary><c>mysql://user@host:3306/dbname</c> (or <c>mariadb://</c>).</summary>
    public required ConnectionUrl Url { get; init; }

    public SecretRef? Password { get; init; }

    public string? BinDir { get; init; }

    public ValueList<string> DumpArgs { get; init; } = [];

    public ValueList<string> RestoreArgs { get; init; } = [];
}

/// <summary>An SQLite database file, copied with SQLite's online backup API.</summary>
public sealed record SqliteSourceConfig : SourceConfig
{
    public override SourceKind Kind => SourceKind.Sqlite;

    /// <summary>The database file (absolute).</summary>
    public required string Path { get; init; }
}

/// <summary>A directory (or a single file) backed up as files.</summary>
public sealed record FilesSourceConfig : SourceConfig
{
    public override SourceKind Kind => SourceKind.Files;

    /// <summary>The directory (absolute).</summary>
    public required string Path { get; init; }

    /// <summary>Glob patterns relative to <see cref="Path"/> (<c>tmp/**</c>, <c>*.log</c>).</summary>
    public ValueList<string> Exclude { get; init; } = [];
}

/// <summary>A dotenv file, whole or only some keys (a config slice).</summary>
public sealed record EnvSourceConfig : SourceConfig
{
    public override SourceKind Kind => SourceKind.Env;

    public required string Path { get; init; }

    /// <summary>The keys to keep; empty means the whole file.</summary>
    public ValueList<string> Keys { get; init; } = [];
}

/// <summary>Any dump command's standard output, restored by piping it into the restore command.</summary>
public sealed record CommandSourceConfig : SourceConfig
{
    public override SourceKind Kind => SourceKind.Command;

    /// <summary>Writes the backup to stdout (<c>[redis-cli, --rdb, -]</c>).</summary>
    public required CommandLine Backup { get; init; }

    /// <summary>Reads the backup from stdin.</summary>
    public required CommandLine Restore { get; init; }

    /// <summary>The file name of the stream in the snapshot (default: the source's name).</summary>
    public required string Filename { get; init; }
}
