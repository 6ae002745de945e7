using Lifeboat.Manifest;
using Lifeboat.Testing;

namespace Lifeboat.Sources.Tests.MySql;

/// <summary>A database with the shapes a restore must carry: types, a view, routines, a trigger, an event.</summary>
internal static class MariaDbTestData
{
    public static MySqlSourceConfig Config(MariaDbServer server, string database) => new()
    {
        Name = "db",
        Flavor = SourceKind.MariaDb,
        Url = ConnectionUrl.Parse($"mariadb://root@127.0.0.1:{server.Port}/{database}"),
        Password = SecretRef.FromValue(new SecretValue(server.Password)),
    };

    public static async Task<string> CreateDatabaseAsync(MariaDbServer server)
    {
        var database = await server.CreateUniqueDatabaseAsync("my");
        await server.ExecuteAsync("mysql", $"ALTER DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        await server.ExecuteAsync(database,
            """
            CREATE TABLE customers (
                id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, note TEXT NULL,
                created DATETIME(3) NOT NULL DEFAULT '2024-01-02 03:04:05.678', balance DECIMAL(12, 2), photo BLOB);
            CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, customer_id INT, action VARCHAR(20));
            CREATE TABLE counters (name VARCHAR(20) PRIMARY KEY, value INT NOT NULL);
            INSERT INTO counters VALUES ('calls', 0);
            CREATE TRIGGER customers_audit AFTER INSERT ON customers FOR EACH ROW INSERT INTO audit (customer_id, action) VALUES (NEW.id, 'insert');
            CREATE PROCEDURE bump(IN how_much INT) UPDATE counters SET value = value + how_much WHERE name = 'calls';
            CREATE FUNCTION double_it(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;
            CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE DO DELETE FROM audit WHERE id < 0;
            CREATE VIEW rich AS SELECT id, name FROM customers WHERE balance > 100;
            INSERT INTO customers (name, note, balance, photo)
                SELECT CONCAT('name ', seq), IF(seq % 7 = 0, NULL, CONCAT('ñøté ', seq, ' ✓ ''q'' \\ b')), seq * 1.5, UNHEX(MD5(seq))
                FROM seq_1_to_400;
            """);
        return database;
    }
}
