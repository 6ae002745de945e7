using System.Globalization;
using Lifeboat.Sources.Processes;

namespace Lifeboat.Sources.PostgreSql;

/// <summary>
/// The client tools a PostgreSQL source runs: <c>pg_dump</c>, <c>pg_restore</c> and <c>psql</c> from one
/// directory: the manifest's <c>bin_dir</c>, else the newest Debian-style
/// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>, else PATH.
/// </summary>
public sealed record PostgreSqlTools(string Directory, PostgreSqlVersion Version)
{
    private const string DebianRoot = "/usr/lib/postgresql";

    public string PgDump => Path.Combine(Directory, "pg_dump");

    public string PgRestore => Path.Combine(Directory, "pg_restore");

    public string Psql => Path.Combine(Directory, "psql");

    /// <summary>
    /// Finds the tools and their version. With <paramref name="server"/>, also checks that they are at
    /// least the server's major version (pg_dump refuses newer servers).
    /// </summary>
    /// <exception cref="SourceException">No tools, or too old, with the fix in the hint.</exception>
    public static async Task<PostgreSqlTools> FindAsync(string source, string? binDirectory, PostgreSqlVersion? server, CancellationToken cancellationToken = default)
    {
        var directory = binDirectory ?? Candidates().FirstOrDefault()
            ?? throw new SourceException(source, "pg_dump is not installed (not in /usr/lib/postgresql/<version>/bin, not on PATH)")
            {
                Hint = $"install the PostgreSQL client tools{(server is null ? "" : $" of version {server.MajorText} or newer")} (Debian: apt install postgresql-client), or set bin_dir",
            };
        var pgDump = Path.Combine(directory, "pg_dump");
        if (!File.Exists(pgDump))
        {
            throw new SourceException(source, $"bin_dir {directory} has no pg_dump")
            {
                Hint = "point bin_dir at the directory holding pg_dump, pg_restore and psql, e.g. /usr/lib/postgresql/17/bin",
            };
        }

        var output = await ToolRunner.RunCheckedAsync(new ToolCommand(source, pgDump, ["--version"]), cancellationToken);
        var version = PostgreSqlVersion.FromToolOutput(output)
            ?? throw new SourceException(source, $"cannot tell the version of {pgDump} from '{output.Trim()}'");
        var tools = new PostgreSqlTools(directory, version);
        if (server is not null)
        {
            tools.EnsureSupports(source, server);
        }

        return tools;
    }

    /// <summary>Throws unless these tools can dump a server of version <paramref name="server"/>.</summary>
    /// <exception cref="SourceException">The tools are older than the server's major version.</exception>
    public void EnsureSupports(string source, PostgreSqlVersion server)
    {
        if (Version.Major > server.Major || (Version.Major == server.Major && Version.Minor >= server.Minor))
        {
            return;
        }

        var newer = Candidates().FirstOrDefault(d => d != Directory && VersionOfDirectory(d) is { } v && v >= server.Major);
        throw new SourceException(
            source,
            $"pg_dump {Version} ({PgDump}) is older than the server, PostgreSQL {server}; the client tools must be at least the server's major version ({server.MajorText})")
        {
            Hint = newer is not null
                ? $"set bin_dir: {newer}"
                : $"install the PostgreSQL {server.MajorText} client tools (Debian: apt install postgresql-client-{server.MajorText}) and set bin_dir: {DebianRoot}/{server.MajorText}/bin",
        };
    }

    /// <summary>Directories holding pg_dump, best first: /usr/lib/postgresql/&lt;newest&gt;/bin ..., then PATH.</summary>
    public static IEnumerable<string> Candidates()
    {
        if (System.IO.Directory.Exists(DebianRoot))
        {
            foreach (var directory in System.IO.Directory.EnumerateDirectories(DebianRoot)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_dump")) && VersionOfDirectory(d) is not null)
                .OrderByDescending(VersionOfDirectory))
            {
                yield return directory;
            }
        }

        if (ProgramPath.Find("pg_dump") is { } onPath)
        {
            yield return Path.GetDirectoryName(onPath)!;
        }
    }

    private static int? VersionOfDirectory(string bin) =>
        int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
