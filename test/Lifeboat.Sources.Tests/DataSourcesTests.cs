using Lifeboat.Manifest;
using Lifeboat.Sources.Command;
using Lifeboat.Sources.Env;
using Lifeboat.Sources.Files;
using Lifeboat.Sources.MySql;
using Lifeboat.Sources.PostgreSql;
using Lifeboat.Sources.Sqlite;

namespace Lifeboat.Sources.Tests;

public sealed class DataSourcesTests
{
    [Fact]
    public void Every_kind_of_the_manifest_has_its_source()
    {
        Assert.IsType<PostgreSqlSource>(DataSources.Create(new PostgresSourceConfig { Name = "db", Url = ConnectionUrl.Parse("postgres://u@h/db") }));
        Assert.IsType<MySqlSource>(DataSources.Create(new MySqlSourceConfig { Name = "db", Url = ConnectionUrl.Parse("mysql://u@h/db") }));
        Assert.IsType<MySqlSource>(DataSources.Create(new MySqlSourceConfig { Name = "db", Url = ConnectionUrl.Parse("mariadb://u@h/db"), Flavor = SourceKind.MariaDb }));
        Assert.IsType<SqliteSource>(DataSources.Create(new SqliteSourceConfig { Name = "db", Path = "/srv/app.db" }));
        Assert.IsType<FilesSource>(DataSources.Create(new FilesSourceConfig { Name = "files", Path = "/srv/files" }));
        Assert.IsType<EnvSource>(DataSources.Create(new EnvSourceConfig { Name = "env", Path = "/srv/.env" }));
        Assert.IsType<CommandSource>(DataSources.Create(new CommandSourceConfig
        {
            Name = "cache",
            Backup = new CommandLine(["redis-cli", "--rdb", "-"]),
            Restore = new CommandLine(["sh", "-c", "cat > /var/lib/redis/dump.rdb"]),
            Filename = "dump.rdb",
        }));
    }

    [Fact]
    public void Every_source_keeps_its_manifest_entry()
    {
        var config = new FilesSourceConfig { Name = "files", Path = "/srv/files" };
        Assert.Same(config, DataSources.Create(config).Config);
    }
}
