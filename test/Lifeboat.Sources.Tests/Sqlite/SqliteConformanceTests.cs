using Lifeboat.Manifest;
using Lifeboat.Sources.Sqlite;
using Lifeboat.Sources.Tests.Conformance;

namespace Lifeboat.Sources.Tests.Sqlite;

/// <summary>The conformance suite for an SQLite database in WAL mode.</summary>
public sealed class SqliteConformanceTests : SourceConformanceTests
{
    private string LivePath => Temp.Combine("live", "app.db");

    protected override Task<IDataSource> CreateSourceAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LivePath)!);
        SqliteFingerprint.Execute(LivePath,
            """
            PRAGMA journal_mode = WAL;
            CREATE TABLE pages (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT, data BLOB, score REAL);
            CREATE INDEX pages_title ON pages (title);
            CREATE TABLE tags (page_id INTEGER REFERENCES pages (id), tag TEXT);
            CREATE VIEW scored AS SELECT id, title FROM pages WHERE score > 10;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
            INSERT INTO pages (title, body, data, score) SELECT 'page ' || i, 'ñøté ' || i || ' ✓', randomblob(64), i / 7.0 FROM n;
            INSERT INTO tags SELECT id, 'tag' || (id % 5) FROM pages;
            """);
        return Task.FromResult<IDataSource>(new SqliteSource(new SqliteSourceConfig { Name = "db", Path = LivePath }));
    }

    protected override Task MutateAsync()
    {
        SqliteFingerprint.Execute(LivePath, "DELETE FROM tags WHERE page_id % 3 = 0; DELETE FROM pages WHERE id % 3 = 0; UPDATE pages SET title = 'changed' WHERE id < 20; DROP VIEW scored; CREATE TABLE later (x);");
        return Task.CompletedTask;
    }

    protected override Task<string> FingerprintLiveAsync() => Task.FromResult(SqliteFingerprint.Of(LivePath));

    protected override Task<string> FingerprintAsync(RestoredLocation location) => Task.FromResult(SqliteFingerprint.Of(location.Path!));

    protected override Task<bool> ExistsAsync(RestoredLocation location) => Task.FromResult(File.Exists(location.Path));

    protected override Task<IReadOnlyList<string>> LeftoversAsync() => Task.FromResult(TreeFingerprint.LifeboatSiblings(LivePath));

    protected override RestoreTarget? IntoTarget() => new RestoreTarget.IntoDatabase(Temp.Combine("into", "copy.db"));

    protected override Task<FailingCapture> CreateFailingSourceAsync()
    {
        var path = Temp.WriteFile("broken/not-a-database.db", "this is a text file, not an SQLite database, and it is long enough to have a header");
        return Task.FromResult(new FailingCapture(new SqliteSource(new SqliteSourceConfig { Name = "db", Path = path }), null, "file is not a database"));
    }
}
