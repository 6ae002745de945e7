using Lifeboat.Manifest;
using Lifeboat.Sources.Command;
using Lifeboat.Sources.Env;
using Lifeboat.Sources.Files;
using Lifeboat.Sources.MySql;
using Lifeboat.Sources.PostgreSql;
using Lifeboat.Sources.Sqlite;

namespace Lifeboat.Sources;

/// <summary>Creates the data source for a manifest entry: every kind is registered here, explicitly.</summary>
public static class DataSources
{
    /// <exception cref="ConfigurationException">A kind no source implements.</exception>
    public static IDataSource Create(SourceConfig config) => config switch
    {
        PostgresSourceConfig postgres => new PostgreSqlSource(postgres),
        MySqlSourceConfig mysql => new MySqlSource(mysql),
        SqliteSourceConfig sqlite => new SqliteSource(sqlite),
        FilesSourceConfig files => new FilesSource(files),
        EnvSourceConfig env => new EnvSource(env),
        CommandSourceConfig command => new CommandSource(command),
        _ => throw new ConfigurationException($"source '{config.Name}': kind {config.Kind} is not supported yet"),
    };
}
