using Lifeboat.Manifest;
using Lifeboat.Sources.MySql;
using Lifeboat.Sources.Tests.Conformance;
using Lifeboat.Testing;

namespace Lifeboat.Sources.Tests.MySql;

/// <summary>The conformance suite against a real MariaDB server: tables, a view, routines, a trigger and an event.</summary>
[Collection(TestCollections.MariaDb)]
public sealed class MariaDbConformanceTests(MariaDbServer server) : SourceConformanceTests
{
    private string _database = "";

    protected override async Task<IDataSource> CreateSourceAsync()
    {
        _database = await MariaDbTestData.CreateDatabaseAsync(server);
        return new MySqlSource(MariaDbTestData.Config(server, _database));
    }

    protected override Task MutateAsync() => server.ExecuteAsync(_database,
        """
        DELETE FROM customers WHERE id % 3 = 0;
        UPDATE customers SET name = 'changed' WHERE id < 50;
        DROP VIEW rich;
        DROP PROCEDURE bump;
        DROP TRIGGER customers_audit;
        CREATE TABLE added_later (x INT);
        """);

    protected override Task<string> FingerprintLiveAsync() => MariaDbFingerprint.OfAsync(server.ConnectionString(_database));

    protected override Task<string> FingerprintAsync(RestoredLocation location) => MariaDbFingerprint.OfAsync(location.ConnectionString!);

    protected override async Task<bool> ExistsAsync(RestoredLocation location) =>
        await server.ScalarAsync<long>("mysql", $"SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{location.Database}'") > 0;

    protected override async Task<IReadOnlyList<string>> LeftoversAsync()
    {
        var names = await server.ScalarAsync<string>("mysql",
            $"SELECT GROUP_CONCAT(SCHEMA_NAME) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '{_database}\\_%' AND SCHEMA_NAME <> '{_database}_into'");
        return names is null ? [] : names.Split(',');
    }

    protected override RestoreTarget? IntoTarget() => new RestoreTarget.IntoDatabase(_database + "_into");

    protected override Task<FailingCapture> CreateFailingSourceAsync()
    {
        const string wrong = "Wr0ng-My-Secret-4711";
        var config = MariaDbTestData.Config(server, "mysql") with { Password = SecretRef.FromValue(new SecretValue(wrong)) };
        return Task.FromResult(new FailingCapture(new MySqlSource(config), wrong, "Access denied"));
    }

    protected override IEnumerable<string> Secrets() => [server.Password];
}
