using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Definitions;

/// <summary><c>post_restore:</c> — fixes run after the sources are restored.</summary>
internal static class PostRestoreSchema
{
    public static Property<string> Name { get; } = new("name", Types.Name, "The fix's name, shown as it runs.")
    {
        Required = true,
        Example = "fix_migration_lock",
    };

    public static Property<string> Description { get; } = new("description", Types.Text,
        "Why the fix exists, printed as it runs (so the next operator knows).");

    public static Property<string> Source { get; } = new("source", new ReferenceType(ReferenceKind.DatabaseSource),
        "The database source of this service the SQL runs against.")
    {
        Example = "db",
    };

    public static Property<string> Sql { get; } = new("sql", Types.Text, "SQL to run against 'source' after it is restored.");

    public static Property<CommandLine> Run { get; } = new("run", Types.Command, "A command to run on the host after the restore.")
    {
        Example = "[chown, -R, 'wiki:', /srv/wiki/data]",
    };

    public static ObjectType<PostRestoreStep> Type { get; } = new("post_restore step",
        "A fix run after a restore, in declared order: SQL against a database source, or a command.",
        [Name, Description, Source, Sql, Run],
        r => r.Has(Sql)
            ? new SqlFix { Name = r.Required(Name), Description = r.Get(Description), Source = r.Required(Source), Sql = r.Required(Sql) }
            : new CommandFix { Name = r.Required(Name), Description = r.Get(Description), Run = r.Required(Run) })
    {
        Rules =
        [
            new ExactlyOneOf(Sql, Run),
            new Requires(Sql, Source, "(the database source to run it against)"),
            new Excludes(Run, Source, "(a command runs on the host)"),
        ],
    };

    public static ListType<PostRestoreStep> List { get; } = new(Type) { UniqueNames = (s => s.Name, "post_restore step") };
}
