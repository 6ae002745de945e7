using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lifeboat.Manifest.Definitions;
using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Loading;
using Lifeboat.Manifest.Schema;
using Lifeboat.Manifest.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Lifeboat.Manifest;

/// <summary>
/// The manifest with every secret replaced by <c>[redacted]</c>, for support bundles and for showing
/// configuration: passwords and other secret keys, passwords inside URLs, values and defaults of
/// secret-looking variables (<c>${DB_PASSWORD}</c>), and values under unknown keys whose names look
/// secret. Comments are dropped (they may hold anything). Works on manifests that do not validate; a
/// file that is not valid YAML is left out with a note. Thread-safe.
/// </summary>
public static class ManifestRedactor
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The main manifest and every included file as written (<c>${VAR}</c> references kept), as YAML
    /// documents each headed by a <c># file:</c> comment.
    /// </summary>
    /// <exception cref="ConfigurationException">The main file does not exist or cannot be read.</exception>
    public static async Task<string> RedactYamlAsync(string path, ManifestLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var files = await RedactFilesAsync(path, RedactionMode.AsWritten, options ?? ManifestLoadOptions.Default, cancellationToken);
        var text = new StringBuilder();
        foreach (var (file, node, error) in files)
        {
            if (text.Length > 0)
            {
                text.Append("---\n");
            }

            text.Append("# file: ").Append(file).Append('\n');
            text.Append(node is null ? $"# not shown: {error}\n" : ToYaml(node));
        }

        return text.ToString();
    }

    /// <summary>
    /// The main manifest and every included file with variables interpolated, as JSON:
    /// <c>{"files": [{"file": ..., "content": {...}}]}</c>.
    /// </summary>
    /// <exception cref="ConfigurationException">The main file does not exist or cannot be read.</exception>
    public static async Task<string> RedactJsonAsync(string path, ManifestLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var files = await RedactFilesAsync(path, RedactionMode.Resolved, options ?? ManifestLoadOptions.Default, cancellationToken);
        var array = new JsonArray();
        foreach (var (file, node, error) in files)
        {
            var entry = new JsonObject { ["file"] = file };
            if (node is null)
            {
                entry["error"] = error;
            }
            else
            {
                entry["content"] = YamlJson.ToJson(node);
            }

            array.Add(entry);
        }

        return new JsonObject { ["files"] = array }.ToJsonString(Indented);
    }

    private static async Task<List<(string File, YNode? Node, string? Error)>> RedactFilesAsync(
        string path, RedactionMode mode, ManifestLoadOptions options, CancellationToken cancellationToken)
    {
        var walker = new RedactionWalker(mode, options.Variables);
        var results = new List<(string, YNode?, string?)>();
        var text = await ManifestLoader.ReadMainAsync(path, cancellationToken);
        var main = Parse(text, path);
        results.Add((path, main.Node is null ? null : FileSchema.Main.Redact(main.Node, walker), main.Error));
        if (main.Node is not YMapping { } mapping || mapping.Find("include")?.Value is not YSequence includes)
        {
            return results;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { Path.GetFullPath(path) };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        foreach (var item in includes.Items.OfType<YScalar>())
        {
            var pattern = Interpolator.Interpolate(item.Value, options.Variables);
            if (pattern.Errors.Count > 0)
            {
                continue;
            }

            foreach (var (fullPath, display) in IncludeGlob.Expand(pattern.Value.Trim(), directory, Path.GetDirectoryName(path) ?? ""))
            {
                if (!seen.Add(fullPath))
                {
                    continue;
                }

                try
                {
                    var included = Parse(await File.ReadAllTextAsync(fullPath, cancellationToken), display);
                    results.Add((display, included.Node is null ? null : FileSchema.Included.Redact(included.Node, walker), included.Error));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    results.Add((display, null, "the file cannot be read"));
                }
            }
        }

        return results;
    }

    private static (YNode? Node, string? Error) Parse(string text, string file)
    {
        var problems = new List<ManifestProblem>();
        var root = YamlTreeReader.Read(text, file, problems);
        if (root is null && problems.Count > 0)
        {
            return (null, $"not valid YAML (line {problems[0].Line}, column {problems[0].Column})");
        }

        return (root ?? new YMapping([], Yaml.Mark.Start, Yaml.Mark.Start), null);
    }

    private static string ToYaml(YNode node)
    {
        using var writer = new StringWriter();
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, YNode node)
    {
        switch (node)
        {
            case YScalar scalar:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, scalar.Value,
                    scalar.IsQuoted ? scalar.Style : ScalarStyle.Any, true, true));
                break;
            case YSequence sequence:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Any));
                foreach (var item in sequence.Items)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case YMapping mapping:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Any));
                foreach (var entry in mapping.Entries)
                {
                    Emit(emitter, entry.Key);
                    Emit(emitter, entry.Value);
                }

                emitter.Emit(new MappingEnd());
                break;
        }
    }
}
