using Lifeboat.Manifest.Definitions;
using Lifeboat.Manifest.Schema;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Loading;

/// <summary>
/// Reads the main file and its includes against the schema, merges them, checks names across files and
/// applies the defaults.
/// </summary>
internal sealed class ManifestComposer(ManifestLoadOptions options)
{
    private readonly LoadState _load = new(options.Variables);
    private readonly List<string> _files = [];

    public async Task<ManifestLoadResult> ComposeAsync(string text, string path, CancellationToken cancellationToken)
    {
        var main = Read(text, path, FileSchema.Main);
        var contents = new List<FileContent>();
        if (main is not null)
        {
            contents.Add(main);
        }

        var mainOk = main is not null;
        var seen = new HashSet<string>(StringComparer.Ordinal) { Path.GetFullPath(path) };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        var displayDirectory = Path.GetDirectoryName(path) ?? "";
        foreach (var include in _load.Includes.ToList())
        {
            var pattern = include.Value.Trim();
            var matches = IncludeGlob.Expand(pattern, directory, displayDirectory);
            if (matches.Count == 0)
            {
                Report(include, IncludeGlob.HasWildcards(pattern)
                    ? $"include pattern '{pattern}' matches no file"
                    : $"included file '{pattern}' does not exist",
                    "paths are relative to the including file");
                continue;
            }

            foreach (var (fullPath, display) in matches)
            {
                if (!seen.Add(fullPath))
                {
                    continue;
                }

                string includedText;
                try
                {
                    includedText = await File.ReadAllTextAsync(fullPath, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Report(include, $"cannot read included file '{display}': {(ex is UnauthorizedAccessException ? "permission denied" : ex.Message)}");
                    continue;
                }

                if (Read(includedText, display, FileSchema.Included) is { } content)
                {
                    contents.Add(content);
                }
            }
        }

        ReferenceChecker.Check(_load);
        var manifest = mainOk ? Merge(contents) : null;
        var order = _files.Select((file, index) => (file, index)).ToDictionary(x => x.file, x => x.index, StringComparer.Ordinal);
        var problems = _load.Problems
            .OrderBy(p => order.GetValueOrDefault(p.File, int.MaxValue))
            .ThenBy(p => p.Line)
            .ThenBy(p => p.Column)
            .ToList();
        return problems.Count > 0 ? new ManifestLoadResult(null, problems) : new ManifestLoadResult(manifest, []);
    }

    private FileContent? Read(string text, string file, ObjectType<FileContent> schema)
    {
        _files.Add(file);
        var root = YamlTreeReader.Read(text, file, _load.Problems);
        var document = new ManifestDocument(file, text, root);
        var context = new ReadContext(_load, document);
        if (root is null)
        {
            if (_load.Problems.Any(p => p.File == file))
            {
                return null; // the YAML is broken; its problem is reported
            }

            root = new YMapping([], Mark.Start, Mark.Start);
        }

        return schema.TryRead(root, context, out var content) ? content : null;
    }

    private LifeboatManifest Merge(List<FileContent> contents)
    {
        var defaults = contents[0].Defaults ?? new DefaultsConfig();
        var repositories = new List<KeyValuePair<string, RepositoryConfig>>();
        var services = new List<KeyValuePair<string, ServiceConfig>>();
        foreach (var content in contents)
        {
            repositories.AddRange(content.Repositories.Where(r => !repositories.Exists(x => x.Key == r.Key)));
            services.AddRange(content.Services.Where(s => !services.Exists(x => x.Key == s.Key)));
        }

        var repositoryNames = repositories.Select(r => r.Key).ToList();
        var applied = services.Select(s => KeyValuePair.Create(s.Key, ApplyDefaults(s.Value, defaults, repositoryNames))).ToList();
        return new LifeboatManifest
        {
            Version = 1,
            Repositories = new NamedMap<RepositoryConfig>(repositories),
            Defaults = defaults,
            Services = new NamedMap<ServiceConfig>(applied),
            Files = [.. _files],
            KnownSecrets = [.. _load.Secrets.Select(s => new SecretValue(s))],
        };
    }

    private ServiceConfig ApplyDefaults(ServiceConfig service, DefaultsConfig defaults, List<string> repositories)
    {
        var repository = service.Repository.Length > 0 ? service.Repository
            : defaults.Repository ?? (repositories.Count == 1 ? repositories[0] : null);
        if (repository is null)
        {
            var declaration = _load.Declarations[(DeclarationKind.Service, "", service.Name)];
            _load.Problems.Add(new ManifestProblem(declaration.File, declaration.Mark.Line, declaration.Mark.Column,
                $"services.{service.Name}: no repository for this service",
                repositories.Count == 0
                    ? "declare one under 'repositories'"
                    : $"set 'repository' in the service or 'defaults.repository'; declared: {string.Join(", ", repositories)}"));
            repository = "";
        }

        return service with
        {
            Repository = repository,
            Retention = service.Retention ?? defaults.Retention,
            Hooks = service.Hooks.Over(defaults.Hooks),
            Schedule = service.Schedule ?? defaults.Schedule,
        };
    }

    private void Report(Located<string> at, string message, string? hint = null) =>
        _load.Problems.Add(new ManifestProblem(at.File, at.Mark.Line, at.Mark.Column, $"{at.Path}: {message}", hint));
}
