using System.Net.Sockets;
using Npgsql;

namespace Lifeboat.Sources.PostgreSql;

/// <summary>Turns driver exceptions into messages for the operator, with the fix when it is known.</summary>
internal static class PostgreSqlErrors
{
    public static SourceException Wrap(string source, PostgreSqlEndpoint endpoint, string doing, Exception exception)
    {
        var (message, hint) = exception switch
        {
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword } pg =>
                (pg.MessageText, $"check the password (password_file, password_command or password) for user '{endpoint.User ?? Environment.UserName}'"),
            PostgresException { SqlState: PostgresErrorCodes.InvalidAuthorizationSpecification } pg =>
                (pg.MessageText, "the server does not let this user in from here: check pg_hba.conf and the URL's user"),
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } pg =>
                (pg.MessageText, "check the database name at the end of the URL"),
            PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } pg =>
                (pg.MessageText, "restores create, rename and drop databases: give the user CREATEDB (ALTER ROLE ... CREATEDB) or restore as a superuser"),
            PostgresException pg => (pg.MessageText, (string?)null),
            NpgsqlException { InnerException: SocketException or IOException or TimeoutException } npgsql =>
                (npgsql.InnerException!.Message, $"check that PostgreSQL runs on {endpoint.Server} and accepts connections from here"),
            NpgsqlException npgsql => (npgsql.Message, null),
            _ => (exception.Message, null),
        };

        return new SourceException(source, $"{doing} on {endpoint.Server}: {endpoint.Scrubber.Scrub(message)}", exception) { Hint = hint };
    }
}
