namespace Lifeboat.Manifest.Tests;

public sealed class ConnectionUrlTests
{
    [Fact]
    public void A_database_url_is_split_into_its_parts()
    {
        var url = ConnectionUrl.Parse("postgres://red%40mine:p%40ss:word@db.internal:5433/redmine_prod?sslmode=require&application_name=lifeboat");

        Assert.Equal("postgres", url.Scheme);
        Assert.Equal("red@mine", url.UserName);
        Assert.Equal("p@ss:word", url.Password!.Reveal());
        Assert.Equal("db.internal", url.Host);
        Assert.Equal(5433, url.Port);
        Assert.Equal("redmine_prod", url.Database);
        Assert.Equal("require", url.Parameters["sslmode"]);
        Assert.Equal("lifeboat", url.Parameters["application_name"]);
        Assert.Equal("postgres://red%40mine:[redacted]@db.internal:5433/redmine_prod?sslmode=require&application_name=lifeboat", url.ToString());
    }

    [Theory]
    [InlineData("postgres:///redmine?host=/run/postgresql", "", null, "redmine")]
    [InlineData("postgresql://[::1]:5432/app", "[::1]", 5432, "app")]
    [InlineData("postgres://h1:5432,h2:5433/app", "h1:5432,h2:5433", null, "app")]
    [InlineData("mysql://app@127.0.0.1/app", "127.0.0.1", null, "app")]
    public void Hosts_ports_and_sockets_are_understood(string text, string host, int? port, string database)
    {
        var url = ConnectionUrl.Parse(text);

        Assert.Equal(host, url.Host);
        Assert.Equal(port, url.Port);
        Assert.Equal(database, url.Database);
        Assert.Null(url.Password);
        Assert.Equal(text, url.ToString());
    }

    [Theory]
    [InlineData("/srv/backups", "")]
    [InlineData("local:/srv/backups", "local")]
    [InlineData("sftp:backup@vault:/srv/lifeboat", "sftp")]
    [InlineData("s3:s3.amazonaws.com/bucket/path", "s3")]
    public void Repository_locations_are_kept_whole(string text, string scheme)
    {
        var url = ConnectionUrl.Parse(text);

        Assert.False(url.IsHierarchical);
        Assert.Equal(scheme, url.Scheme);
        Assert.Equal(text, url.Reveal());
    }

    [Fact]
    public void A_rest_repository_url_hides_its_password()
    {
        var url = ConnectionUrl.Parse("rest:https://user:pw@host:8000/repo");

        Assert.Equal("rest:https", url.Scheme);
        Assert.Equal("rest:https://user:[redacted]@host:8000/repo", url.Redacted);
    }

    [Theory]
    [InlineData("postgres://h:99999/db", "has an invalid port in 'h:99999'")]
    [InlineData("://h/db", "has no scheme before '://'")]
    [InlineData("", "is empty")]
    public void Invalid_urls_say_why(string text, string error)
    {
        Assert.False(ConnectionUrl.TryParse(text, out _, out var message));
        Assert.Equal(error, message);
    }

    [Fact]
    public void A_command_line_quotes_what_a_shell_would_need()
    {
        var command = new CommandLine(["chown", "-R", "wiki:", "/srv/wiki data", "it's"]);

        Assert.Equal("chown -R wiki: '/srv/wiki data' 'it'\\''s'", command.ToString());
        Assert.Equal("chown", command.Program);
    }
}
