using Lifeboat.Manifest.Schema;

namespace Lifeboat.Manifest.Definitions;

/// <summary>The top level of the main manifest and of included files.</summary>
internal static class FileSchema
{
    public static Property<long> Version { get; } = new("version", new VersionType(), "The manifest format version: 1.")
    {
        Required = true,
        Example = "1",
    };

    public static Property<long> IncludedVersion { get; } = new("version", new VersionType(), "The manifest format version: 1 (optional in included files).");

    public static Property<ValueList<Located<string>>> Include { get; } = new("include",
        new ListType<Located<string>>(new LocatedType<string>(new StringType("a file or glob pattern")))
        {
            OnItem = (context, pattern) => context.Load.Includes.Add(pattern),
        },
        "Files to read as well, relative to this file; globs (*, ?, **) allowed. Included files may declare repositories and services.")
    {
        Example = "[services/*/lifeboat.yaml]",
    };

    public static Property<NamedMap<RepositoryConfig>> Repositories { get; } = new("repositories",
        new MapType<RepositoryConfig>("repository", RepositorySchema.Type) { Declares = DeclarationKind.Repository },
        "Where snapshots are stored, by name.");

    public static Property<DefaultsConfig> Defaults { get; } = new("defaults", DefaultsSchema.Type, "Defaults for every service.");

    public static Property<NamedMap<ServiceConfig>> Services { get; } = new("services",
        new MapType<ServiceConfig>("service", ServiceSchema.Type) { Declares = DeclarationKind.Service, ScopesService = true },
        "The services, by name (the name is used in commands, tags and paths).");

    public static ObjectType<FileContent> Main { get; } = new("manifest",
        "Lifeboat manifest: the services to back up, restore and drill, and where their snapshots go.",
        [Version, Include, Repositories, Defaults, Services],
        r => new FileContent(
            r.Get(Repositories) ?? NamedMap<RepositoryConfig>.Empty,
            r.Get(Defaults),
            r.Get(Services) ?? NamedMap<ServiceConfig>.Empty));

    public static ObjectType<FileContent> Included { get; } = new("included manifest",
        "A file included by the main manifest: repositories and services only.",
        [IncludedVersion, Repositories, Services],
        r => new FileContent(
            r.Get(Repositories) ?? NamedMap<RepositoryConfig>.Empty,
            null,
            r.Get(Services) ?? NamedMap<ServiceConfig>.Empty));
}
