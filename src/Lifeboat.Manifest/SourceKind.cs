namespace Lifeboat.Manifest;

/// <summary>The kinds of data a service declares (<c>type:</c> of a source).</summary>
public enum SourceKind
{
    Postgres,
    MySql,
    MariaDb,
    Sqlite,
    Files,
    Env,
    Command,
}
