using Lifeboat.Sources.PostgreSql;

namespace Lifeboat.Sources.Tests.PostgreSql;

/// <summary>How recorded database settings and privileges are turned back into SQL.</summary>
public sealed class PostgreSqlDatabasePropertiesTests
{
    [Theory]
    [InlineData("work_mem=8MB", "\"work_mem\" TO '8MB'")]
    [InlineData("search_path=\"$user\", public", "\"search_path\" TO '$user', 'public'")]
    [InlineData("search_path=app,\"Odd, \"\"Name\"\"\"", "\"search_path\" TO 'app', 'Odd, \"Name\"'")]
    [InlineData("search_path=", "\"search_path\" TO ''")]
    [InlineData("app.note=it's", "\"app\".\"note\" TO 'it''s'")]
    [InlineData("default_text_search_config=pg_catalog.english", "\"default_text_search_config\" TO 'pg_catalog.english'")]
    public void A_setting_becomes_the_clause_pg_dump_would_write(string setting, string clause) =>
        Assert.Equal(clause, PostgreSqlDatabaseProperties.SetClause(setting));

    [Fact]
    public void Acl_items_name_the_grantee_and_split_privileges_by_grant_option()
    {
        var (grantee, privileges, granted) = PostgreSqlDatabaseProperties.ParseAclItem("=Tc/postgres");
        Assert.Null(grantee);
        Assert.Equal(["TEMPORARY", "CONNECT"], privileges);
        Assert.Empty(granted);

        (grantee, privileges, granted) = PostgreSqlDatabaseProperties.ParseAclItem("\"odd \"\"name\"=CT*c/owner");
        Assert.Equal("odd \"name", grantee);
        Assert.Equal(["CREATE", "CONNECT"], privileges);
        Assert.Equal(["TEMPORARY"], granted);

        Assert.Throws<FormatException>(() => PostgreSqlDatabaseProperties.ParseAclItem("reader=x/owner"));
    }
}
