namespace Lifeboat.Manifest;

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
