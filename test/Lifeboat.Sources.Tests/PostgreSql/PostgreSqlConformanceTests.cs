using Lifeboat.Manifest;
using Lifeboat.Sources.PostgreSql;
using Lifeboat.Sources.Tests.Conformance;
using Lifeboat.Testing;

namespace Lifeboat.Sources.Tests.PostgreSql;

/// <summary>
/// The conformance suite against a real PostgreSQL server: a database owned by its own role, with
/// tables of many types, a view, a plpgsql trigger function and a trigger.
/// </summary>
public abstract class PostgreSqlConformanceTests(PostgreSqlServer server) : SourceConformanceTests
{
    private string _database = "";

    protected abstract PostgresDumpFormat Format { get; }

    protected string Database => _database;

    protected override async Task<IDataSource> CreateSourceAsync()
    {
        _database = await PostgreSqlTestData.CreateDatabaseAsync(server);
        return new PostgreSqlSource(PostgreSqlTestData.Config(server, _database, Format));
    }

    protected override Task MutateAsync() => server.ExecuteAsync(_database,
        """
        DELETE FROM orders WHERE id % 3 = 0;
        UPDATE customers SET name = 'changed' WHERE id < 50;
        DROP VIEW big_orders;
        DROP TABLE audit;
        CREATE TABLE added_later (x int);
        """);

    protected override Task<string> FingerprintLiveAsync() => PostgreSqlFingerprint.OfAsync(server.ConnectionString(_database));

    protected override Task<string> FingerprintAsync(RestoredLocation location) => PostgreSqlFingerprint.OfAsync(location.ConnectionString!);

    protected override async Task<bool> ExistsAsync(RestoredLocation location) =>
        await server.ScalarAsync<bool>("postgres", $"SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = '{location.Database}')");

    protected override async Task<IReadOnlyList<string>> LeftoversAsync()
    {
        var names = await server.ScalarAsync<string>("postgres", $"SELECT string_agg(datname, ',') FROM pg_database WHERE datname LIKE '{_database}\\_%' AND datname <> '{_database}_into'");
        return names is null ? [] : names.Split(',');
    }

    protected override RestoreTarget? IntoTarget() => new RestoreTarget.IntoDatabase(_database + "_into");

    protected override Task<FailingCapture> CreateFailingSourceAsync()
    {
        const string wrong = "Wr0ng-Pg-Secret-4711";
        var config = PostgreSqlTestData.Config(server, "postgres", Format) with { Password = SecretRef.FromValue(new SecretValue(wrong)) };
        return Task.FromResult(new FailingCapture(new PostgreSqlSource(config), wrong, "password authentication failed"));
    }

    protected override IEnumerable<string> Secrets() => [server.Password];
}
