namespace Lifeboat.Manifest.Tests;

/// <summary>Helpers to load manifest text with a controlled environment.</summary>
internal static class Manifests
{
    public static ManifestLoadOptions With(params (string Name, string Value)[] variables) => new()
    {
        Variables = new VariableDictionary(variables.ToDictionary(v => v.Name, v => v.Value)),
    };

    public static Task<ManifestLoadResult> ParseAsync(string yaml, params (string Name, string Value)[] variables) =>
        ManifestLoader.ParseAsync(yaml, "lifeboat.yaml", With(variables));

    public static async Task<LifeboatManifest> LoadValidAsync(string yaml, params (string Name, string Value)[] variables)
    {
        var result = await ParseAsync(yaml, variables);
        Assert.True(result.IsValid, string.Join('\n', result.Problems));
        return result.Manifest!;
    }

    public static async Task<List<string>> ProblemsAsync(string yaml, params (string Name, string Value)[] variables)
    {
        var result = await ParseAsync(yaml, variables);
        Assert.Null(result.Manifest);
        return [.. result.Problems.Select(p => p.ToString())];
    }
}
