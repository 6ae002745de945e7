using System.Text.Json.Nodes;

namespace Lifeboat.Manifest.Schema;

/// <summary>A key of a mapping in the schema: its name, type, whether it is required, its description.</summary>
internal abstract class Property(string name, string description)
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    public bool Required { get; init; }

    /// <summary>An example value as written in YAML, for hints and the JSON Schema's <c>examples</c>.</summary>
    public string? Example { get; init; }

    public abstract SchemaType Type { get; }

    /// <summary>The default as the JSON Schema shows it, or null.</summary>
    public abstract JsonNode? DefaultJson { get; }
}

internal sealed class Property<T>(string name, SchemaType<T> type, string description) : Property(name, description)
{
    public override SchemaType<T> Type { get; } = type;

    private readonly T? _default;

    /// <summary>The value when the key is absent.</summary>
    public T? Default
    {
        get => _default;
        init
        {
            _default = value;
            HasDefault = true;
        }
    }

    /// <summary>True when a default was declared (and is shown in the JSON Schema).</summary>
    public bool HasDefault { get; private init; }

    public override JsonNode? DefaultJson => !HasDefault || Default is null ? null : Default switch
    {
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        TimeSpan t => JsonValue.Create(Durations.Format(t)),
        string s => JsonValue.Create(s),
        Enum => JsonValue.Create(Default.ToString()!.ToLowerInvariant()),
        _ => JsonValue.Create(Default.ToString()),
    };
}
