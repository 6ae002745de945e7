using Lifeboat.Manifest;
using Lifeboat.Testing;

namespace Lifeboat.Sources.Tests.PostgreSql;

/// <summary>The conformance suite with the default custom-format dump, restored by pg_restore.</summary>
[Collection(TestCollections.PostgreSql)]
public sealed class PostgreSqlCustomFormatTests(PostgreSqlServer server) : PostgreSqlConformanceTests(server)
{
    protected override PostgresDumpFormat Format => PostgresDumpFormat.Custom;
}
