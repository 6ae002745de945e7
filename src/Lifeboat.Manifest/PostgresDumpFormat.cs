namespace Lifeboat.Manifest;

/// <summary>The pg_dump output format.</summary>
public enum PostgresDumpFormat
{
    /// <summary><c>--format=custom</c>, restored with pg_restore.</summary>
    Custom,

    /// <summary>Plain SQL, restored with psql.</summary>
    Plain,
}
