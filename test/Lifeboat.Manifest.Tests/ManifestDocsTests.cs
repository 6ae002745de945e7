using System.Text.RegularExpressions;

namespace Lifeboat.Manifest.Tests;

/// <summary>docs/manifest.md stays true: its example loads, its error output is real, every key is documented.</summary>
public sealed partial class ManifestDocsTests
{
    private static readonly string Docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "manifest.md"));

    [Fact]
    public async Task The_full_example_loads()
    {
        var manifest = await Manifests.LoadValidAsync(Block("<!-- full-example -->", "yaml"), ("DRILL_DB_PASSWORD", "pw"));

        Assert.Equal(["redmine", "wiki"], manifest.Services.Keys);
        Assert.Equal(["wiki", "redmine"], manifest.RestoreOrder().Select(s => s.Name));
        var redmine = manifest.Services["redmine"];
        Assert.Equal([SourceKind.Postgres, SourceKind.Files, SourceKind.Env], redmine.Sources.Values.Select(s => s.Kind));
        Assert.Equal("fix_migration_lock", Assert.IsType<SqlFix>(Assert.Single(redmine.PostRestore)).Name);
        var wiki = manifest.Services["wiki"];
        Assert.Equal([SourceKind.Sqlite, SourceKind.Files], wiki.Sources.Values.Select(s => s.Kind));
        Assert.Equal("chown -R wiki:wiki /srv/wiki/data", Assert.IsType<CommandFix>(Assert.Single(wiki.PostRestore)).Run.ToString());
        Assert.Equal(14, wiki.Retention!.KeepDaily);
        Assert.Equal(3, redmine.Retention!.KeepLast);
    }

    [Fact]
    public async Task The_documented_problems_are_what_validate_prints()
    {
        var yaml = Block("## Problems and their messages", "yaml");
        var expected = Block("## Problems and their messages", "text").TrimEnd('\n').Split('\n');

        Assert.Equal(expected, await Manifests.ProblemsAsync(yaml));
    }

    [Fact]
    public void Every_key_is_documented()
    {
        var keys = ManifestSchema.KeyPaths.Select(path => LastKey().Match(path).Groups["key"].Value).Distinct();

        var missing = keys.Where(key => !Docs.Contains($"`{key}`", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, "not in docs/manifest.md: " + string.Join(", ", missing));
    }

    private static string Block(string after, string language)
    {
        var start = Docs.IndexOf(after, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{after}' not found in docs/manifest.md");
        var fence = "```" + language + "\n";
        var begin = Docs.IndexOf(fence, start, StringComparison.Ordinal) + fence.Length;
        return Docs[begin..Docs.IndexOf("```", begin, StringComparison.Ordinal)];
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Lifeboat.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Lifeboat.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"(?<key>[a-z_0-9]+)(\[[^\]]*\])*$")]
    private static partial Regex LastKey();
}
