using Lifeboat.Manifest.Yaml;

namespace Lifeboat.Manifest.Schema;

/// <summary>The keys of one mapping as read against an <see cref="ObjectType{T}"/>, for its build function.</summary>
internal sealed class ObjectReader(YMapping mapping, ReadContext context)
{
    private readonly Dictionary<Property, (object? Value, YEntry Entry)> _values = [];

    public YMapping Mapping { get; } = mapping;

    public ReadContext Context { get; } = context;

    /// <summary>The name the mapping is declared under (its key in a map of services or sources).</summary>
    public string Name => Context.Name;

    /// <summary>True once the build function reported a problem.</summary>
    public bool Failed { get; private set; }

    internal void Set(Property property, object? value, YEntry entry) => _values[property] = (value, entry);

    /// <summary>True when the key was given (with a value) and read without problems.</summary>
    public bool Has(Property property) => _values.ContainsKey(property);

    /// <summary>True when the key is written with a value, whether or not it was valid.</summary>
    public bool Written(Property property) =>
        Mapping.Find(property.Name) is { } entry && !(entry.Value is YScalar { IsNull: true } && property.Type.BlankMeansAbsent);

    public T? Get<T>(Property<T> property) => _values.TryGetValue(property, out var entry) ? (T?)entry.Value : property.Default;

    /// <summary>The value of an optional key of a value type, or null when absent.</summary>
    public T? Optional<T>(Property<T> property)
        where T : struct => _values.TryGetValue(property, out var entry) ? (T)entry.Value! : null;

    /// <summary>The value of a key declared required (the build only runs when it was read).</summary>
    public T Required<T>(Property<T> property) => _values.TryGetValue(property, out var entry)
        ? (T)entry.Value!
        : throw new InvalidOperationException($"'{property.Name}' was not read");

    public YEntry? Entry(Property property) => Mapping.Find(property.Name);

    /// <summary>Reports a problem with a key's value (or with the mapping when the key is absent).</summary>
    public void Problem(Property property, string message, string? hint = null) => Report(property, atKey: false, message, hint);

    /// <summary>Reports a problem with a key being given (a rule between keys), at the key.</summary>
    public void KeyProblem(Property property, string message, string? hint = null) => Report(property, atKey: true, message, hint);

    private void Report(Property property, bool atKey, string message, string? hint)
    {
        Failed = true;
        if (Entry(property) is { } entry)
        {
            using var _ = Context.Enter(property.Name, entry.Key);
            Context.Report(atKey ? entry.Key : entry.Value, message, hint);
        }
        else
        {
            Context.ReportAtOwner(Mapping, message, hint);
        }
    }
}
