using Lifeboat.Manifest;
using Lifeboat.Sources.Processes;

namespace Lifeboat.Sources.MySql;

/// <summary>
/// The dump tool and the client of a MySQL or MariaDB source, from <c>bin_dir</c> or PATH: MariaDB's
/// names first for a <c>mariadb</c> source (<c>mariadb-dump</c>, <c>mariadb</c>), MySQL's first for a
/// <c>mysql</c> source (<c>mysqldump</c>, <c>mysql</c>), the other family's as the fallback.
/// </summary>
public sealed record MySqlTools(string Dump, string Client)
{
    /// <exception cref="SourceException">Neither family's tools are installed.</exception>
    public static MySqlTools Find(string source, SourceKind flavor, string? binDirectory)
    {
        string[] dumps = flavor == SourceKind.MariaDb ? ["mariadb-dump", "mysqldump"] : ["mysqldump", "mariadb-dump"];
        string[] clients = flavor == SourceKind.MariaDb ? ["mariadb", "mysql"] : ["mysql", "mariadb"];
        var dump = dumps.Select(name => ProgramPath.Find(name, binDirectory)).FirstOrDefault(p => p is not null);
        var client = clients.Select(name => ProgramPath.Find(name, binDirectory)).FirstOrDefault(p => p is not null);
        if (dump is null || client is null)
        {
            var missing = dump is null ? string.Join(" or ", dumps) : string.Join(" or ", clients);
            throw new SourceException(source, $"{missing} is not installed ({(binDirectory is null ? "not on PATH" : $"not in {binDirectory}")})")
            {
                Hint = "install the client tools (Debian: apt install mariadb-client, or mysql-client), or set bin_dir",
            };
        }

        return new MySqlTools(dump, client);
    }

    /// <summary>The dump tool's version line (<c>mariadb-dump  Ver 10.19 Distrib 10.11.6-MariaDB</c>).</summary>
    public async Task<string> DumpVersionAsync(string source, CancellationToken cancellationToken)
    {
        var output = await ToolRunner.RunCheckedAsync(new ToolCommand(source, Dump, ["--version"]), cancellationToken);
        return output.Trim();
    }
}
