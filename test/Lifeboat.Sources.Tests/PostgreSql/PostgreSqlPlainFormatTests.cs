using Lifeboat.Manifest;
using Lifeboat.Testing;

namespace Lifeboat.Sources.Tests.PostgreSql;

/// <summary>The conformance suite with <c>format: plain</c>, restored by psql.</summary>
[Collection(TestCollections.PostgreSql)]
public sealed class PostgreSqlPlainFormatTests(PostgreSqlServer server) : PostgreSqlConformanceTests(server)
{
    protected override PostgresDumpFormat Format => PostgresDumpFormat.Plain;
}
