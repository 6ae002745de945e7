using System.Text.RegularExpressions;
using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Definitions;

/// <summary><c>verify:</c> — the checks a drill runs against the restored scratch copy.</summary>
internal static class VerifySchemas
{
    public static Property<string> Name { get; } = new("name", Types.Name, "The check's name, shown in drill results and evidence.")
    {
        Required = true,
        Example = "issues_present",
    };

    public static Property<TimeSpan> Timeout { get; } = new("timeout", Types.Duration, "How long the check may take.");

    public static Property<string> SqlSource { get; } = new("source", new ReferenceType(ReferenceKind.DatabaseSource),
        "The database source of this service to query.")
    {
        Required = true,
        Example = "db",
    };

    public static Property<string> Query { get; } = new("query", Types.Text, "A query to run against the restored database.")
    {
        Example = "SELECT count(*) FROM issues",
    };

    public static Property<long> ExpectRows { get; } = new("expect_rows", new IntegerType(0), "The query returns exactly this many rows.");

    public static Property<long> ExpectMin { get; } = new("expect_min", new IntegerType(),
        "The first column of the first row is a number of at least this (e.g. with SELECT count(*)).");

    public static Property<string> ExpectValue { get; } = new("expect_value", new StringType { AllowEmpty = true },
        "The first column of the first row equals this text.");

    public static Property<ValueList<string>> Tables { get; } = new("tables", new ListType<string>(Types.Text) { Unique = true, MinItems = 1 },
        "Tables that must exist in the restored database (schema.table or table).")
    {
        Example = "[issues, users, projects]",
    };

    public static Property<string> FilesSource { get; } = new("source", new ReferenceType(ReferenceKind.FilesSource),
        "The files source of this service to look in.")
    {
        Required = true,
        Example = "uploads",
    };

    public static Property<ValueList<string>> Paths { get; } = new("paths", new ListType<string>(RelativePath) { MinItems = 1 },
        "Paths, relative to the source's directory, that must exist.");

    public static Property<long> MinCount { get; } = new("min_count", new IntegerType(1, int.MaxValue),
        "The restored directory holds at least this many files.");

    public static Property<NamedMap<string>> Sha256 { get; } = new("sha256",
        new MapType<string>("file", new StringType("a SHA-256 in hex")
        {
            Pattern = new Regex("^[0-9a-f]{64}$"),
            PatternHint = "64 lowercase hexadecimal digits, as sha256sum prints",
        })
        { SimpleNames = false },
        "Files (relative paths) and the SHA-256 each must have.");

    public static Property<string> ReferencesQuery { get; } = new("query", Types.Text,
        "A query returning one column of paths, relative to files_source, that must all exist.")
    {
        Required = true,
        Example = "SELECT disk_filename FROM attachments",
    };

    public static Property<string> ReferencesFiles { get; } = new("files_source", new ReferenceType(ReferenceKind.FilesSource),
        "The files source of this service the paths are looked up in.")
    {
        Required = true,
        Example = "files",
    };

    public static Property<CommandLine> Run { get; } = new("run", Types.Command,
        "A command that passes when it exits 0; the scratch locations are in its environment (LIFEBOAT_SOURCE_<NAME>_URL, _PATH).")
    {
        Required = true,
    };

    public static ObjectType<VerifyCheck> Sql { get; } = new("sql check",
        "A query against a restored database with an expectation, and/or tables that must exist.",
        [Name, SqlSource, Query, ExpectRows, ExpectMin, ExpectValue, Tables, Timeout],
        r => new SqlCheck
        {
            Name = r.Required(Name),
            Timeout = r.Optional(Timeout),
            Source = r.Required(SqlSource),
            Query = r.Get(Query),
            ExpectRows = r.Optional(ExpectRows),
            ExpectMin = r.Optional(ExpectMin),
            ExpectValue = r.Get(ExpectValue),
            Tables = r.Get(Tables) ?? [],
        })
    {
        Rules =
        [
            new AnyOf(Query, Tables),
            new AtMostOneOf(ExpectRows, ExpectMin, ExpectValue),
            new Requires(ExpectRows, Query, "(the query whose rows are counted)"),
            new Requires(ExpectMin, Query, "(the query whose value is compared)"),
            new Requires(ExpectValue, Query, "(the query whose value is compared)"),
        ],
    };

    public static ObjectType<VerifyCheck> Files { get; } = new("files check",
        "Paths that must exist in a restored files source, a minimum file count, checksums.",
        [Name, FilesSource, Paths, MinCount, Sha256, Timeout],
        r => new FilesCheck
        {
            Name = r.Required(Name),
            Timeout = r.Optional(Timeout),
            Source = r.Required(FilesSource),
            Paths = r.Get(Paths) ?? [],
            MinCount = (int?)r.Optional(MinCount),
            Sha256 = r.Get(Sha256) ?? NamedMap<string>.Empty,
        })
    {
        Rules = [new AnyOf(Paths, MinCount, Sha256)],
    };

    public static ObjectType<VerifyCheck> References { get; } = new("references check",
        "A query returning relative paths that must all exist in a restored files source (a database paired with an older directory fails).",
        [Name, SqlSource, ReferencesQuery, ReferencesFiles, Timeout],
        r => new ReferencesCheck
        {
            Name = r.Required(Name),
            Timeout = r.Optional(Timeout),
            Source = r.Required(SqlSource),
            Query = r.Required(ReferencesQuery),
            FilesSource = r.Required(ReferencesFiles),
        });

    public static ObjectType<VerifyCheck> Command { get; } = new("command check",
        "Any command against the scratch copy, passing when it exits 0.",
        [Name, Run, Timeout],
        r => new CommandCheck { Name = r.Required(Name), Timeout = r.Optional(Timeout), Run = r.Required(Run) });

    public static UnionType<VerifyCheck> Type { get; } = new("check",
        "A check run against the restored scratch copy during a drill.",
        [
            ("sql", Sql, "A query with an expectation, and/or tables that must exist."),
            ("files", Files, "Paths, a minimum count, checksums in a files source."),
            ("references", References, "Paths returned by a query must exist in a files source."),
            ("command", Command, "A command that must exit 0."),
        ]);

    public static ListType<VerifyCheck> List { get; } = new(Type) { UniqueNames = (c => c.Name, "check") };

    private static StringType RelativePath => new("a relative path")
    {
        Pattern = new Regex(@"^(?!/)(?!.*(^|/)\.\.(/|$)).+$"),
        PatternHint = "a path inside the source, without a leading '/' or '..'",
    };
}
