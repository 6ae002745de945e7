using Lifeboat.Manifest.Interpolation;
using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>
/// The state of reading one file against the schema: where we are (the key path for messages, the
/// key that owns the current node, the service in scope) and where problems go.
/// </summary>
internal sealed class ReadContext(LoadState load, ManifestDocument document)
{
    private readonly List<string> _path = [];

    public LoadState Load { get; } = load;

    public ManifestDocument Document { get; } = document;

    /// <summary>The key path of the current node: <c>services.redmine.sources.db</c>.</summary>
    public string Path => string.Concat(_path.Select((segment, i) => i == 0 || segment.StartsWith('[') ? segment : "." + segment));

    /// <summary>The service being read, the scope of source names.</summary>
    public string Service { get; set; } = "";

    /// <summary>The key whose value is being read; missing keys are reported there.</summary>
    public YScalar? OwnerKey { get; private set; }

    /// <summary>The name under which the current value is declared (a service's or a source's name).</summary>
    public string Name { get; private set; } = "";

    public Scope Enter(string segment, YScalar? ownerKey = null, string? name = null)
    {
        var scope = new Scope(this, OwnerKey, Name);
        _path.Add(segment);
        OwnerKey = ownerKey;
        Name = name ?? Name;
        return scope;
    }

    /// <summary>The interpolated text of a scalar (cached), or null when interpolation failed (reported).</summary>
    public InterpolatedText? Interpolate(YScalar scalar)
    {
        if (Document.Scalars.TryGetValue(scalar, out var cached))
        {
            return cached.Errors.Count == 0 ? cached : null;
        }

        var result = Interpolator.Interpolate(scalar.Value, Load.Variables);
        Document.Scalars[scalar] = result;
        Load.Secrets.UnionWith(result.SecretValues);
        foreach (var error in result.Errors)
        {
            ReportAt(Document.PositionIn(scalar, error.Offset), error.Message, error.Hint);
        }

        return result.Errors.Count == 0 ? result : null;
    }

    public void Report(YNode node, string message, string? hint = null) => ReportAt(node.Start, message, hint);

    /// <summary>Reports at the key that owns the current node, or at <paramref name="fallback"/>.</summary>
    public void ReportAtOwner(YNode fallback, string message, string? hint = null) =>
        ReportAt(OwnerKey?.Start ?? fallback.Start, message, hint);

    public void ReportAt(Mark mark, string message, string? hint = null)
    {
        var path = Path;
        Load.Problems.Add(new ManifestProblem(
            Document.File, mark.Line, mark.Column, path.Length == 0 ? message : $"{path}: {message}", hint));
    }

    internal sealed class Scope(ReadContext context, YScalar? ownerKey, string name) : IDisposable
    {
        public void Dispose()
        {
            context._path.RemoveAt(context._path.Count - 1);
            context.OwnerKey = ownerKey;
            context.Name = name;
        }
    }
}
