namespace Lifeboat.Manifest;

/// <summary>A dotenv file, whole or only some keys (a config slice).</summary>
public sealed record EnvSourceConfig : SourceConfig
{
    public override SourceKind Kind => SourceKind.Env;

    public required string Path { get; init; }

    /// <summary>The keys to keep; empty means the whole file.</summary>
    public ValueList<string> Keys { get; init; } = [];
}
