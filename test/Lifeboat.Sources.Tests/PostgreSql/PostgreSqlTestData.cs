using Lifeboat.Manifest;
using Lifeboat.Testing;

namespace Lifeboat.Sources.Tests.PostgreSql;

/// <summary>A database with the shapes a restore must carry: owner role, types, view, trigger, function.</summary>
internal static class PostgreSqlTestData
{
    public static PostgresSourceConfig Config(PostgreSqlServer server, string database, PostgresDumpFormat format = PostgresDumpFormat.Custom) => new()
    {
        Name = "db",
        Url = ConnectionUrl.Parse($"postgres://postgres@127.0.0.1:{server.Port}/{database}"),
        Password = SecretRef.FromValue(new SecretValue(server.Password)),
        Format = format,
    };

    /// <summary>Creates a fresh database owned by a fresh role, filled with test data; returns its name.</summary>
    public static async Task<string> CreateDatabaseAsync(PostgreSqlServer server, int customers = 500)
    {
        var database = await server.CreateUniqueDatabaseAsync("pg");
        var owner = "owner_" + Guid.NewGuid().ToString("N")[..10];
        await server.ExecuteAsync("postgres", $"CREATE ROLE {owner}; ALTER DATABASE {database} OWNER TO {owner};");
        await server.ExecuteAsync(database,
            $"""
            CREATE TABLE customers (
                id serial PRIMARY KEY, name text NOT NULL, email text UNIQUE, note text,
                created timestamptz NOT NULL DEFAULT '2024-01-02 03:04:05+00', data jsonb, photo bytea);
            CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id int REFERENCES customers (id), amount numeric(12, 2), placed date);
            CREATE TABLE audit (id serial PRIMARY KEY, customer_id int, action text);
            INSERT INTO customers (name, email, note, data, photo)
                SELECT 'name ' || g, 'user' || g || '@example.com',
                       CASE WHEN g % 7 = 0 THEN NULL ELSE 'ñøté ' || g || ' ✓ ''quoted'' \\ back' END,
                       jsonb_build_object('n', g, 'tags', jsonb_build_array('a', g)), decode(md5(g::text), 'hex')
                FROM generate_series(1, {customers}) g;
            INSERT INTO orders (customer_id, amount, placed)
                SELECT 1 + g % {customers}, g * 1.25, DATE '2024-01-01' + g % 365 FROM generate_series(1, {customers * 4}) g;
            CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 1000;
            CREATE FUNCTION log_customer() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO audit (customer_id, action) VALUES (NEW.id, TG_OP); RETURN NEW; END $$;
            CREATE TRIGGER customers_audit AFTER INSERT OR UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION log_customer();
            INSERT INTO customers (name) VALUES ('fires the trigger');
            ALTER TABLE customers OWNER TO {owner};
            ALTER TABLE orders OWNER TO {owner};
            ALTER TABLE audit OWNER TO {owner};
            ALTER VIEW big_orders OWNER TO {owner};
            ALTER FUNCTION log_customer() OWNER TO {owner};
            """);
        return database;
    }
}
