using MySqlConnector;

namespace Lifeboat.Sources.MySql;

/// <summary>Turns driver exceptions into messages for the operator, with the fix when it is known.</summary>
internal static class MySqlErrors
{
    public static SourceException Wrap(string source, MySqlEndpoint endpoint, string doing, Exception exception)
    {
        var hint = exception switch
        {
            MySqlException { ErrorCode: MySqlErrorCode.AccessDenied } =>
                $"check the password (password_file, password_command or password) for user '{endpoint.User}'",
            MySqlException { ErrorCode: MySqlErrorCode.UnknownDatabase } => "check the database name at the end of the URL",
            MySqlException { ErrorCode: MySqlErrorCode.DatabaseAccessDenied or MySqlErrorCode.TableAccessDenied } =>
                "restores create and drop databases: grant the user ALL on the database and its scratch copies, or restore as root",
            MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost } => $"check that the server runs on {endpoint.Server} and accepts connections from here",
            _ => null,
        };
        return new SourceException(source, $"{doing} on {endpoint.Server}: {endpoint.Scrubber.Scrub(exception.Message)}", exception) { Hint = hint };
    }
}
