namespace Lifeboat.Manifest;

/// <summary>The manifest spelling of each <see cref="SourceKind"/>.</summary>
public static class SourceKinds
{
    public static string ToManifestName(this SourceKind kind) => kind switch
    {
        SourceKind.Postgres => "postgres",
        SourceKind.MySql => "mysql",
        SourceKind.MariaDb => "mariadb",
        SourceKind.Sqlite => "sqlite",
        SourceKind.Files => "files",
        SourceKind.Env => "env",
        SourceKind.Command => "command",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>True for the kinds a SQL statement can run against.</summary>
    public static bool IsDatabase(this SourceKind kind) => kind is SourceKind.Postgres or SourceKind.MySql or SourceKind.MariaDb or SourceKind.Sqlite;
}
