namespace Lifeboat.Manifest;

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
