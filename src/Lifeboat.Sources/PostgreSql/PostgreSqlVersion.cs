using System.Globalization;
using System.Text.RegularExpressions;

namespace Lifeboat.Sources.PostgreSql;

/// <summary>
/// A PostgreSQL version and its major version: the first number from 10 on (15 for 15.4), the first two
/// before (9.6 for 9.6.24). Client tools must be at least the server's major version.
/// </summary>
public sealed partial record PostgreSqlVersion(int Major, int Minor, string Text) : IComparable<PostgreSqlVersion>
{
    /// <summary><c>server_version_num</c> when the version came from a server (150004), else null.</summary>
    public int? Number { get; init; }

    /// <summary>The major version as PostgreSQL writes it: "15", "9.6".</summary>
    public string MajorText => Major >= 10 ? Major.ToString(CultureInfo.InvariantCulture) : $"{Major}.{Minor}";

    /// <summary>From <c>server_version_num</c> (150004 → 15.4, 90624 → 9.6.24).</summary>
    public static PostgreSqlVersion FromVersionNumber(int number, string? text = null) => number >= 100000
        ? new PostgreSqlVersion(number / 10000, 0, text ?? $"{number / 10000}.{number % 10000}") { Number = number }
        : new PostgreSqlVersion(number / 10000, number / 100 % 100, text ?? $"{number / 10000}.{number / 100 % 100}.{number % 100}") { Number = number };

    /// <summary>From a tool's <c>--version</c>: <c>pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)</c>.</summary>
    public static PostgreSqlVersion? FromToolOutput(string output)
    {
        var match = ToolVersion().Match(output ?? "");
        if (!match.Success)
        {
            return null;
        }

        var first = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var second = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        return new PostgreSqlVersion(first, first >= 10 ? 0 : second, match.Groups[0].Value.Split(' ')[^1]);
    }

    public int CompareTo(PostgreSqlVersion? other) =>
        other is null ? 1 : Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(PostgreSqlVersion left, PostgreSqlVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(PostgreSqlVersion left, PostgreSqlVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(PostgreSqlVersion left, PostgreSqlVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PostgreSqlVersion left, PostgreSqlVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => Text;

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?[^\s]*")]
    private static partial Regex ToolVersion();
}
